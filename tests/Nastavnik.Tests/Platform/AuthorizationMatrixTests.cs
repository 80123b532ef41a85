using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Nastavnik.Features.Organizations;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Tests.Platform;

/// <summary>
/// docs/authorization-matrix.md is the contract: every endpoint and page handler has a row, and each role
/// (plus anonymous) gets through exactly where the row says. Deny by default is what makes a missing row a
/// failure rather than an open door.
/// </summary>
public sealed partial class AuthorizationMatrixTests(TestApp app) : IClassFixture<TestApp>
{
    public sealed record Row(string Method, string Route, string Handler, HashSet<string> Allowed)
    {
        public string Key => $"{Method} {Route} {Handler}";
        public bool IsApi => Route.StartsWith("/api/", StringComparison.Ordinal);
    }

    private static readonly Dictionary<string, Role> Letters = new()
    {
        ["A"] = Role.Administrator, ["R"] = Role.RegionalCoordinator, ["M"] = Role.MunicipalCoordinator, ["H"] = Role.Head, ["C"] = Role.Curator,
        ["N"] = Role.Mentor, ["E"] = Role.Mentee, ["T"] = Role.Tutor, ["P"] = Role.Psychologist,
    };

    public static List<Row> ReadMatrix()
    {
        var dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "docs", "authorization-matrix.md"))) dir = Path.GetDirectoryName(dir);
        var text = File.ReadAllText(Path.Combine(dir ?? throw new FileNotFoundException("docs/authorization-matrix.md"), "docs", "authorization-matrix.md"));
        var body = text[text.IndexOf("<!-- matrix:start -->", StringComparison.Ordinal)..text.IndexOf("<!-- matrix:end -->", StringComparison.Ordinal)];
        return body.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("| ", StringComparison.Ordinal) && !l.StartsWith("| Method", StringComparison.Ordinal))
            .Select(l => l.Trim('|').Split('|').Select(c => c.Trim()).ToArray())
            .Select(c => new Row(c[0], c[1], c[2], [.. c[3].Split(' ', StringSplitOptions.RemoveEmptyEntries)]))
            .ToList();
    }

    /// <summary>Every endpoint and page handler the application actually maps.</summary>
    private async Task<List<string>> ActualEndpointsAsync()
    {
        await app.EnsureMigratedAsync();
        var keys = new List<string>();
        var sources = app.Services.GetServices<EndpointDataSource>();
        var loader = app.Services.GetRequiredService<PageLoader>();
        foreach (var endpoint in sources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>().DistinctBy(e => e.DisplayName + e.RoutePattern.RawText))
        {
            var route = "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/');
            // Razor Pages also maps ".../index" next to the folder route; it is the same page and handlers.
            if (route.EndsWith("/index", StringComparison.OrdinalIgnoreCase) || route.Equals("/Index", StringComparison.OrdinalIgnoreCase)) continue;
            if (endpoint.Metadata.GetMetadata<PageActionDescriptor>() is { } page)
            {
                var compiled = await loader.LoadAsync(page, endpoint.Metadata);
                foreach (var h in compiled.HandlerMethods)
                    keys.Add($"{h.HttpMethod.ToUpperInvariant()} {route.ToLowerInvariant()} {h.Name ?? "-"}");
                continue;
            }
            var methods = endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            foreach (var m in methods) keys.Add($"{m} {route} -");
        }
        return keys.Distinct().ToList();
    }

    [Fact]
    public async Task Matrix_CoversEveryEndpoint_NoMissingOrStaleRows()
    {
        var actual = await ActualEndpointsAsync();
        var rows = ReadMatrix().Select(r => r.Key).ToList();
        var missing = actual.Except(rows).ToList();
        var stale = rows.Except(actual).ToList();
        Assert.True(missing.Count == 0, "Нет строки в docs/authorization-matrix.md для:\n" + string.Join("\n", missing));
        Assert.True(stale.Count == 0, "В docs/authorization-matrix.md есть строки без точки входа:\n" + string.Join("\n", stale));
    }

    [Fact]
    public async Task Matrix_EachRoleAndAnonymous_GetsExactlyWhatTheTableSays()
    {
        var region = await app.CreateRegionAsync();
        var municipality = await app.CreateMunicipalityAsync(region);
        var org = await app.CreateOrganizationAsync(municipality);
        var clients = new Dictionary<string, HttpClient> { ["*"] = app.NewClient() };
        var apiClients = new Dictionary<string, HttpClient> { ["*"] = app.NewClient() };
        foreach (var (letter, role) in Letters)
        {
            var (r, m, o) = RoleScopes.AllowedLevels(role)[0] switch
            {
                ScopeLevel.Global => ((Region?)null, (Municipality?)null, (Organization?)null),
                ScopeLevel.Region => (region, null, null),
                ScopeLevel.Municipality => (null, municipality, null),
                _ => (null, null, org),
            };
            clients[letter] = await app.LoginAsAsync(role, r, m, o);
            apiClients[letter] = await ApiTestHelpers.TokenClientAsync(app, role, o, m, r);
        }

        var failures = new List<string>();
        // Signing out ends the session the other rows need, so it goes last.
        foreach (var row in ReadMatrix().OrderBy(r => r.Route.Contains("logout", StringComparison.Ordinal) && r.Method == "POST"))
        {
            var url = RouteParam().Replace(row.Route, _ => org.Id.ToString()).Replace("{documentName}", "v1", StringComparison.Ordinal);
            foreach (var who in clients.Keys)
            {
                var client = row.IsApi ? apiClients[who] : clients[who];
                var response = await SendAsync(client, row, url);
                var denied = IsDenied(response, row.IsApi);
                var expectedAllowed = row.Allowed.Contains(who);
                if (denied == expectedAllowed)
                    failures.Add($"{row.Key} как {who}: {(int)response.StatusCode} {response.Headers.Location}, ожидалось {(expectedAllowed ? "разрешено" : "запрещено")}");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, Row row, string url)
    {
        if (row.Method == "GET") return await client.GetAsync(url);
        if (row.IsApi)
        {
            var body = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
            return row.Method == "PUT" ? await client.PutAsync(url, body) : await client.PostAsync(url, body);
        }
        // Antiforgery tokens are per user, not per form: take one from a page this visitor can open.
        var tokenPage = await client.GetHtmlAsync("/accounts/anonymous/login");
        var token = HttpClientExtensions.AntiforgeryToken(tokenPage);
        var fields = new Dictionary<string, string>();
        if (token.Length > 0) fields["__RequestVerificationToken"] = token;
        var target = row.Handler == "-" ? url : url + (url.Contains('?') ? "&" : "?") + "handler=" + row.Handler;
        return await client.PostAsync(target, new FormUrlEncodedContent(fields));
    }

    /// <summary>
    /// The API answers 401/403. Pages answer a denied visitor with the authentication redirects: to the login page
    /// with a ReturnUrl (not signed in) or to the access-denied page (signed in, no permission). A page's own
    /// redirect to the login page (sign-out, expired 2FA step) carries no ReturnUrl.
    /// </summary>
    private static bool IsDenied(HttpResponseMessage r, bool api)
    {
        if (api) return r.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden;
        var location = r.Headers.Location?.OriginalString ?? "";
        return r.StatusCode == HttpStatusCode.Redirect && (location.Contains("/accounts/anonymous/login?ReturnUrl=", StringComparison.OrdinalIgnoreCase)
            || location.Contains("/accounts/anonymous/accessdenied", StringComparison.OrdinalIgnoreCase));
    }

    [GeneratedRegex(@"\{id(:[a-z]+)?\??\}")]
    private static partial Regex RouteParam();

}
