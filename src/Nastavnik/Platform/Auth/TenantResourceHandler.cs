using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Nastavnik.Features.Organizations;
using Nastavnik.Platform.Tenancy;

namespace Nastavnik.Platform.Auth;

/// <summary>An operation on a tenant-owned resource, allowed when a role granting the permission covers the resource.</summary>
public sealed record TenantOperation(string Permission) : IAuthorizationRequirement;

/// <summary>
/// Resource-based check for writes. The query filters already hide foreign rows; this handler decides whether
/// the role that makes a row visible also allows changing it (a curator of school A who is a mentor
/// elsewhere still cannot edit school A's card).
/// </summary>
public sealed class TenantResourceHandler : AuthorizationHandler<TenantOperation>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, TenantOperation requirement)
    {
        var scope = TenantScope.FromPrincipal(context.User).For(requirement.Permission);
        var allowed = context.Resource switch
        {
            Organization o => scope.CoversOrganization(o.RegionId, o.MunicipalityId, o.Id),
            Municipality m => scope.CoversMunicipality(m.RegionId, m.Id),
            Region r => scope.CoversRegion(r.Id),
            Features.Roadmaps.Roadmap rm => Features.Roadmaps.RoadmapAccess.Allows(scope, rm, requirement.Permission),
            _ => false,
        };
        if (allowed && scope.Roles.Count > 0) context.Succeed(requirement);
        return Task.CompletedTask;
    }
}

/// <summary>
/// Answers API callers with problem details (401/403 in Russian) instead of redirects to the login page.
/// </summary>
public sealed class ApiAwareAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (context.Request.Path.StartsWithSegments("/api") && !authorizeResult.Succeeded)
        {
            var status = authorizeResult.Challenged ? StatusCodes.Status401Unauthorized : StatusCodes.Status403Forbidden;
            context.Response.StatusCode = status;
            await Results.Problem(statusCode: status).ExecuteAsync(context);
            return;
        }
        await _default.HandleAsync(next, context, policy, authorizeResult);
    }
}
