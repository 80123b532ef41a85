using Microsoft.AspNetCore.Mvc;

namespace Nastavnik.Platform.Web;

/// <summary>Russian titles for problem details (RFC 9457), with the correlation id for support.</summary>
public static class ProblemText
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
