using Microsoft.AspNetCore.Mvc;

namespace Nastavnik.Platform.Web;

/// <summary>Russian titles for problem details (RFC 9457), with the correlation id for support.</summary>
public static partial class ProblemText
{
    public static string Title(int status) => status switch
    {
        400 => "Некорректный запрос",
        401 => "Требуется аутентификация",
        403 => "Недостаточно прав",
        404 => "Не найдено",
        405 => "Метод не поддерживается",
        409 => "Конфликт изменений",
        413 => "Слишком большой запрос",
        415 => "Неподдерживаемый формат данных",
        422 => "Ошибка в данных",
        429 => "Слишком много запросов",
        _ when status >= 500 => "Внутренняя ошибка сервера",
        _ => "Ошибка",
    };

    public static string Detail(int status) => status switch
    {
        401 => "Передайте действующий API-токен в заголовке Authorization: Bearer <токен>.",
        403 => "У токена или пользователя нет прав на это действие.",
        404 => "Запрошенный объект не найден или недоступен.",
        409 => "Объект изменён другим пользователем. Получите актуальную версию и повторите.",
        _ when status >= 500 => "Произошла непредвиденная ошибка. Сообщите администратору идентификатор запроса.",
        _ => "",
    };

    /// <summary>
    /// What a client did wrong, from the framework's BadHttpRequestException: which parameter and value did not bind,
    /// where the JSON broke. The parameter name and the client's own value are echoed; no type names or stack.
    /// </summary>
    public static string BadRequestDetail(BadHttpRequestException ex)
    {
        if (ex.StatusCode == StatusCodes.Status413PayloadTooLarge) return "Тело запроса слишком большое.";
        if (ex.StatusCode == StatusCodes.Status415UnsupportedMediaType) return "Передайте тело запроса в формате JSON (Content-Type: application/json).";
        if (FindJson(ex) is { } json)
            return json.Path is { Length: > 0 } path
                ? $"Тело запроса не удалось прочитать как JSON: ошибка в «{path}». Проверьте синтаксис и типы значений."
                : "Тело запроса не удалось прочитать как JSON: проверьте синтаксис и типы значений.";
        var m = BindFailure().Match(ex.Message);
        if (m.Success)
            return $"Параметр «{m.Groups["name"].Value}»: значение «{Cut(m.Groups["value"].Value)}» не подходит (ожидается {Expected(m.Groups["type"].Value)}).";
        var missing = MissingParameter().Match(ex.Message);
        if (missing.Success)
            return missing.Groups["source"].Value == "body" ? "Не передано тело запроса (JSON)." : $"Не передан обязательный параметр «{missing.Groups["name"].Value}».";
        if (ex.Message.Contains("JSON", StringComparison.Ordinal)) return "Тело запроса не удалось прочитать как JSON: проверьте синтаксис и типы значений.";
        return "Запрос не удалось разобрать: проверьте параметры и тело запроса.";
    }

    private static System.Text.Json.JsonException? FindJson(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
            if (ex is System.Text.Json.JsonException j) return j;
        return null;
    }

    private static string Cut(string s) => s.Length > 60 ? s[..60] + "…" : s;

    private static string Expected(string type) => type.TrimEnd('?') switch
    {
        "int" or "Int32" or "long" or "Int64" => "целое число",
        "DateOnly" or "DateTime" => "дата ГГГГ-ММ-ДД",
        "bool" or "Boolean" => "true или false",
        "Guid" => "идентификатор вида 00000000-0000-0000-0000-000000000000",
        var t when EnumValues(t) is { } values => "одно из: " + values,
        _ => "значение другого вида",
    };

    /// <summary>The names of an enum of ours by its short type name, as a client should send them.</summary>
    private static string? EnumValues(string shortName)
    {
        var type = typeof(ProblemText).Assembly.GetTypes().FirstOrDefault(t => t.IsEnum && t.IsPublic && t.Name == shortName);
        return type is null ? null : string.Join(", ", Enum.GetNames(type));
    }

    [System.Text.RegularExpressions.GeneratedRegex("^Failed to bind parameter \"(?<type>[^\" ]+) (?<name>[^\"]+)\" from \"(?<value>.*)\"\\.?$", System.Text.RegularExpressions.RegexOptions.Singleline)]
    private static partial System.Text.RegularExpressions.Regex BindFailure();

    [System.Text.RegularExpressions.GeneratedRegex("^Required parameter \"(?<type>[^\" ]+) (?<name>[^\"]+)\" was not provided from (?<source>[a-z ]+)")]
    private static partial System.Text.RegularExpressions.Regex MissingParameter();

    public static void Russify(ProblemDetails p, HttpContext ctx)
    {
        var status = p.Status ?? ctx.Response.StatusCode;
        // Framework titles are English ("Not Found"); replace them unless an endpoint wrote its own Russian text.
        if (p.Title is null || !HasCyrillic(p.Title)) p.Title = Title(status);
        if (p.Detail is null || !HasCyrillic(p.Detail)) p.Detail = Detail(status) is { Length: > 0 } d ? d : null;
        p.Extensions["correlationId"] = ctx.TraceIdentifier;
    }

    private static bool HasCyrillic(string s) => s.Any(c => c is >= 'А' and <= 'я' or 'ё' or 'Ё');
}
