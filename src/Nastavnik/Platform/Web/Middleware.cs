using System.Security.Claims;
using Microsoft.AspNetCore.Diagnostics;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Platform.Web;

/// <summary>
/// Gives each request a short correlation id (shown on error pages and in problem details, logged with the
/// exception) and turns unhandled exceptions on /api into Russian problem details. Pages fall through to
/// the exception handler page. Logs carry ids and paths, never form values (personal data).
/// </summary>
public sealed class CorrelationAndErrors(RequestDelegate next, ILogger<CorrelationAndErrors> log)
{
    public async Task InvokeAsync(HttpContext ctx)
    {
        ctx.TraceIdentifier = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(6));
        try
        {
            await next(ctx);
        }
        catch (BadHttpRequestException ex) when (ctx.Request.Path.StartsWithSegments("/api") && !ctx.Response.HasStarted)
        {
            // A query value of the wrong type, broken JSON, a wrong content type: the client's mistake, said in Russian. The
            // framework's own message (English, with .NET type names) goes to the log only.
            log.LogInformation("Некорректный запрос API {Method} {Path}, запрос {CorrelationId}: {Message}", ctx.Request.Method, ctx.Request.Path, ctx.TraceIdentifier, ex.Message);
            ctx.Response.Clear();
            var status = ex.StatusCode is >= 400 and < 500 ? ex.StatusCode : 400;
            ctx.Response.StatusCode = status;
            await Results.Problem(statusCode: status, title: ProblemText.Title(status), detail: ProblemText.BadRequestDetail(ex)).ExecuteAsync(ctx);
        }
        catch (Exception ex) when (ctx.Request.Path.StartsWithSegments("/api") && !ctx.Response.HasStarted)
        {
            log.LogError(ex, "Необработанная ошибка API {Method} {Path}, запрос {CorrelationId}", ctx.Request.Method, ctx.Request.Path, ctx.TraceIdentifier);
            ctx.Response.Clear();
            ctx.Response.StatusCode = 500;
            await Results.Problem(statusCode: 500).ExecuteAsync(ctx);
        }
        catch (Exception ex) when (!ctx.Response.HasStarted)
        {
            log.LogError(ex, "Необработанная ошибка {Method} {Path}, запрос {CorrelationId}", ctx.Request.Method, ctx.Request.Path, ctx.TraceIdentifier);
            throw;
        }
    }
}

/// <summary>
/// Security headers on every response. The CSP allows no inline script or style: all JavaScript and CSS come
/// from our own files, which also keeps the pages working with JavaScript off.
/// </summary>
public sealed class SecurityHeaders(RequestDelegate next)
{
    private const string Csp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
                               "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public Task InvokeAsync(HttpContext ctx)
    {
        ctx.Response.OnStarting(() =>
        {
            var h = ctx.Response.Headers;
            h.ContentSecurityPolicy = Csp;
            h.XContentTypeOptions = "nosniff";
            h.XFrameOptions = "DENY";
            h["Referrer-Policy"] = "strict-origin-when-cross-origin";
            h["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            h["Cross-Origin-Opener-Policy"] = "same-origin";
            if (ctx.User.Identity?.IsAuthenticated == true) h.CacheControl = "no-store";
            return Task.CompletedTask;
        });
        return next(ctx);
    }
}

/// <summary>
/// Users whose role requires two-factor sign-in but who have not set it up may only reach the 2FA set-up
/// page, sign out and static files until they do.
/// </summary>
public sealed class TwoFactorEnforcement(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext ctx)
    {
        if (ctx.User.HasClaim(c => c.Type == ScopedClaimsFactory.TwoFactorMissingClaim)
            && ctx.User.Identity?.AuthenticationType != ApiTokenAuthentication.Scheme)
        {
            var p = ctx.Request.Path;
            var allowed = p.StartsWithSegments("/accounts/twofactor") || p.StartsWithSegments("/accounts/logout")
                || p.StartsWithSegments("/lib") || p.StartsWithSegments("/css") || p.StartsWithSegments("/js")
                || p.StartsWithSegments("/error") || p.StartsWithSegments("/health") || p.StartsWithSegments("/api");
            if (!allowed)
            {
                ctx.Response.Redirect("/accounts/twofactor?required=1");
                return Task.CompletedTask;
            }
        }
        return next(ctx);
    }
}

public static class UserExtensions
{
    public static string? UserId(this ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier);
    public static string DisplayName(this ClaimsPrincipal user) => user.FindFirstValue(ScopedClaimsFactory.FullNameClaim) ?? user.Identity?.Name ?? "";
}

/// <summary>Exception handler feature access for the error page.</summary>
public static class ErrorInfo
{
    public static bool HadException(HttpContext ctx) => ctx.Features.Get<IExceptionHandlerFeature>() is not null;
}
