using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Tests.Platform;

public sealed class DataProtectionTests
{
    /// <summary>A restart (a new host over the same database) keeps the session cookie valid; keys are stored encrypted.</summary>
    [Fact]
    public async Task Restart_KeepsSession_KeysEncryptedAtRest()
    {
        using var first = new TestApp();
        var org = await first.CreateOrganizationAsync();
        var client = await first.LoginAsAsync(Role.Curator, organization: org);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
        var cookies = client.DefaultRequestHeaders;

        var keys = await first.WithDbAsync(db => db.DataProtectionKeys.Select(k => k.Xml).ToListAsync());
        Assert.NotEmpty(keys);
        Assert.All(keys, x => Assert.DoesNotContain("<masterKey", x));
        Assert.All(keys, x => Assert.Contains("encryptedKey", x));

        // Same database and master key file, new process-like host: the cookie must still work.
        var login = await first.NewClient().PostFormAsync("/accounts/anonymous/login", new() { ["Input.Email"] = "x@x.ru", ["Input.Password"] = "y" });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var cookie = await LoginCookieAsync(first, org);
        using var second = new TestAppOver(first);
        var again = second.CreateDefaultClient();
        again.DefaultRequestHeaders.Add("Cookie", cookie);
        var response = await again.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Здравствуйте", await response.Content.ReadAsStringAsync());
        Assert.NotNull(cookies);
    }

    private static async Task<string> LoginCookieAsync(TestApp app, Nastavnik.Features.Organizations.Organization org)
    {
        var user = await app.CreateUserAsync(Role.Curator, organization: org);
        var handlerClient = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var page = await handlerClient.GetAsync("/accounts/anonymous/login");
        var antiforgeryCookie = string.Join("; ", page.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        var html = await page.Content.ReadAsStringAsync();
        var token = System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        var request = new HttpRequestMessage(HttpMethod.Post, "/accounts/anonymous/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Input.Email"] = user.Email!, ["Input.Password"] = TestApp.Password, ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
            }),
        };
        request.Headers.Add("Cookie", antiforgeryCookie);
        var response = await handlerClient.SendAsync(request);
        return response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Single(c => c.StartsWith("nst.auth=", StringComparison.Ordinal));
    }
}

/// <summary>A second host over the first one's database and master key: what a restart looks like.</summary>
public sealed class TestAppOver(TestApp original) : Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (k, v) in original.Settings) builder.UseSetting(k, v);
    }
}
