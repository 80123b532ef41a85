using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Nastavnik.Features;

/// <summary>Russian error page for every status and unhandled exception. No stack traces, ever.</summary>
[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    public string Title { get; private set; } = "";
    public string Message { get; private set; } = "";
    public string CorrelationId { get; private set; } = "";

    public void OnGet(int? code) => Fill(code);
    public void OnPost(int? code) => Fill(code);

    private void Fill(int? code)
    {
        var status = code ?? (HttpContext.Response.StatusCode >= 400 ? HttpContext.Response.StatusCode : 500);
        if (status is < 400 or > 599) status = 500;
        (Title, Message) = status switch
        {
            400 => ("Некорректный запрос", "Запрос не удалось обработать. Если вы отправляли форму, обновите страницу и попробуйте ещё раз."),
            403 => ("Недостаточно прав", "У вас нет прав на это действие."),
            404 => ("Страница не найдена", "Такой страницы нет, или у вас нет к ней доступа."),
            405 => ("Действие недоступно", "Это действие нельзя выполнить таким способом."),
            413 => ("Файл слишком большой", "Загрузите файл меньшего размера."),
            _ => ("Что-то пошло не так", "Произошла непредвиденная ошибка. Мы уже записали её в журнал."),
        };
        Response.StatusCode = status;
        CorrelationId = HttpContext.TraceIdentifier;
    }
}
