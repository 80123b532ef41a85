using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Nastavnik.Platform.Import;

/// <summary>
/// The request size limit of an upload page, answered by the page itself. [RequestSizeLimit] makes Kestrel fail the
/// form reading before the handler runs (the antiforgery check reads the form first, under Kestrel's default limit),
/// and the user gets the generic «Некорректный запрос» page. This filter runs as an authorization filter, before the
/// antiforgery check and model binding (the user is already signed in: authorization is the middleware's): an upload larger than <see cref="Limit"/> (by its Content-Length) is read to its end and
/// thrown away — a browser shows no page at all if the server answers while it is still sending — and the user is
/// sent back to <see cref="BackTo"/>, which says «Файл больше N МБ» next to the file field. Anything beyond
/// <see cref="DrainLimit"/> is not read: the connection is closed, as with the plain limit.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class UploadLimitAttribute(long limit, string backTo) : Attribute, IAsyncAuthorizationFilter, IOrderedFilter
{
    public const long DrainLimit = 256L * 1024 * 1024;

    public long Limit { get; } = limit;
    public string BackTo { get; } = backTo;
    // Before the antiforgery check (order 1000), which reads the form.
    public int Order => -1000;

    public async Task OnAuthorizationAsync(AuthorizationFilterContext context)
    {
        var http = context.HttpContext;
        var size = http.Features.Get<IHttpMaxRequestBodySizeFeature>();
        var length = http.Request.ContentLength;
        if (!HttpMethods.IsPost(http.Request.Method) || length is null || length <= Limit)
        {
            if (size is { IsReadOnly: false }) size.MaxRequestBodySize = Limit;
            return;
        }
        if (length <= DrainLimit)
        {
            if (size is { IsReadOnly: false }) size.MaxRequestBodySize = DrainLimit;
            var buffer = new byte[64 * 1024];
            while (await http.Request.Body.ReadAsync(buffer, http.RequestAborted) > 0) { }
        }
        context.Result = new RedirectResult(BackTo);
    }
}
