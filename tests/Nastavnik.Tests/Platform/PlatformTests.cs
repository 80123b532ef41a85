using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Tests.Platform;

public sealed class PlatformTests(TestApp app) : IClassFixture<TestApp>
{
    [Fact]
    public async Task Health_LiveAndReady_Healthy()
    {
        var client = app.NewClient();
        await app.EnsureMigratedAsync();
        Assert.Equal("Healthy", await client.GetStringAsync("/health/live"));
        Assert.Equal("Healthy", await client.GetStringAsync("/health/ready"));
    }

    [Fact]
    public async Task AnyPage_HasSecurityHeaders()
    {
        var r = await app.NewClient().GetAsync("/accounts/anonymous/login");
        var csp = r.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Equal("nosniff", r.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("strict-origin-when-cross-origin", r.Headers.GetValues("Referrer-Policy").Single());
        var html = await r.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<script>", html);
        Assert.DoesNotContain("style=\"", html);
    }

    /// <summary>
    /// The CSP forbids inline style and script, so a browser silently drops them: a view that uses one renders wrong
    /// with no error anywhere (the programme card once lost its line breaks this way). Every view is checked here.
    /// </summary>
    [Fact]
    public void NoView_HasInlineStyleOrScript()
    {
        var dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "Nastavnik.slnx"))) dir = Path.GetDirectoryName(dir);
        var views = Directory.GetFiles(Path.Combine(dir ?? throw new DirectoryNotFoundException("Nastavnik.slnx"), "src", "Nastavnik"), "*.cshtml", SearchOption.AllDirectories);
        Assert.NotEmpty(views);
        var offenders = views.Where(v => File.ReadAllText(v) is var t && (t.Contains(" style=\"", StringComparison.Ordinal) || t.Contains("<style", StringComparison.Ordinal)
            || t.Contains("<script>", StringComparison.Ordinal) || t.Contains(" onclick=", StringComparison.Ordinal))).Select(Path.GetFileName).ToList();
        Assert.Empty(offenders);
    }

    [Fact]
    public async Task UnknownPage_Russian404WithCorrelationId()
    {
        var org = await app.CreateOrganizationAsync();
        var client = await app.LoginAsAsync(Role.Curator, organization: org);
        var r = await client.GetAsync("/nет-такой-страницы");
        Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
        var html = await r.Content.ReadAsStringAsync();
        Assert.Contains("Страница не найдена", html);
        Assert.Contains("Идентификатор запроса", html);
    }

    [Fact]
    public async Task Login_FiveWrongPasswords_LocksOutAndAudits()
    {
        var org = await app.CreateOrganizationAsync();
        var user = await app.CreateUserAsync(Role.Curator, organization: org);
        var client = app.NewClient();
        for (var i = 0; i < 5; i++)
        {
            var r = await client.PostFormAsync("/accounts/anonymous/login", new() { ["Input.Email"] = user.Email!, ["Input.Password"] = "неверный пароль " + i });
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        }
        var locked = await client.PostFormAsync("/accounts/anonymous/login", new() { ["Input.Email"] = user.Email!, ["Input.Password"] = TestApp.Password });
        Assert.Contains("временно заблокирована", await locked.Content.ReadAsStringAsync());
        var actions = await app.WithDbAsync(db => db.AuditEntries.Where(a => a.UserId == user.Id).Select(a => a.Action).ToListAsync());
        Assert.Contains("login.failed", actions);
        Assert.Contains("login.lockout", actions);
    }

    [Fact]
    public async Task Login_WrongPassword_RussianMessageNoEnumeration()
    {
        var client = app.NewClient();
        var unknown = await (await client.PostFormAsync("/accounts/anonymous/login", new() { ["Input.Email"] = "nobody@test.ru", ["Input.Password"] = "что-нибудь" })).Content.ReadAsStringAsync();
        Assert.Contains("Неверный адрес электронной почты или пароль.", unknown);
        var empty = await (await client.PostFormAsync("/accounts/anonymous/login", new() { ["Input.Email"] = "", ["Input.Password"] = "" })).Content.ReadAsStringAsync();
        Assert.Contains("Заполните поле «Электронная почта».", empty);
    }

    [Fact]
    public async Task Login_ExternalReturnUrl_RedirectsHome()
    {
        var org = await app.CreateOrganizationAsync();
        var user = await app.CreateUserAsync(Role.Curator, organization: org);
        var r = await app.NewClient().PostFormAsync("/accounts/anonymous/login?ReturnUrl=https%3A%2F%2Fevil.example", new()
        {
            ["Input.Email"] = user.Email!, ["Input.Password"] = TestApp.Password, ["ReturnUrl"] = "//evil.example",
        });
        Assert.Equal("/", r.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Logout_FromHeaderFormOfAnyPage_SignsOut()
    {
        var org = await app.CreateOrganizationAsync();
        var client = await app.LoginAsAsync(Role.Curator, organization: org);
        var home = await client.GetHtmlAsync("/");
        Assert.Matches("<form method=\"post\" class=\"m-0\" action=\"/accounts/logout\"><button[^>]*>Выйти</button><input name=\"__RequestVerificationToken\"", home.Replace("\n", "", StringComparison.Ordinal).Replace("    ", "", StringComparison.Ordinal));
        var r = await client.PostFormAsync("/accounts/logout", [], formPage: "/");
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        var after = await client.GetAsync("/");
        Assert.Contains("/accounts/anonymous/login", after.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public void PasswordHasher_UsesAtLeast210000Iterations()
    {
        var options = app.Services.GetRequiredService<IOptions<PasswordHasherOptions>>().Value;
        Assert.True(options.IterationCount >= 210_000);
        Assert.Equal(PasswordHasherCompatibilityMode.IdentityV3, options.CompatibilityMode);
    }

    [Theory]
    [InlineData("короткий", false)]
    [InlineData("qwerty123456", false)]
    [InlineData("сирень цветёт в мае", true)]
    [InlineData("aaaaaaaaaaaaa", true)]
    public async Task Password_RulesByLengthNotComposition(string password, bool ok)
    {
        await app.EnsureMigratedAsync();
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser { UserName = $"p{Guid.NewGuid():N}@test.ru", Email = $"p{Guid.NewGuid():N}@test.ru", FullName = "Проверка" };
        var errors = new List<IdentityError>();
        foreach (var v in users.PasswordValidators) errors.AddRange((await v.ValidateAsync(users, user, password)).Errors);
        Assert.Equal(ok, errors.Count == 0);
        Assert.All(errors, e => Assert.Matches("[А-Яа-я]", e.Description));
    }

    [Fact]
    public async Task TwoFactorRequiredForRole_UserWithout2fa_IsSentToSetup()
    {
        var m = await app.CreateMunicipalityAsync();
        await app.WithDbAsync(async db =>
        {
            if (!await db.TwoFactorRequirements.AnyAsync(t => t.Role == Role.MunicipalCoordinator))
                db.TwoFactorRequirements.Add(new TwoFactorRequirement { Role = Role.MunicipalCoordinator });
            await db.SaveChangesAsync();
        });
        try
        {
            var client = await app.LoginAsync(await app.CreateUserAsync(Role.MunicipalCoordinator, municipality: m));
            var r = await client.GetAsync("/organizations");
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
            Assert.StartsWith("/accounts/twofactor", r.Headers.Location!.OriginalString, StringComparison.Ordinal);
            var setup = await client.GetHtmlAsync("/accounts/twofactor");
            Assert.Contains("администратор требует двухфакторную аутентификацию", setup);
            Assert.Contains("otpauth://totp/", setup);
        }
        finally
        {
            await app.WithDbAsync(async db =>
            {
                db.TwoFactorRequirements.RemoveRange(db.TwoFactorRequirements);
                await db.SaveChangesAsync();
            });
        }
    }

    [Fact]
    public async Task TwoFactor_EnableWithTotpCode_ThenLoginAsksForCode()
    {
        var org = await app.CreateOrganizationAsync();
        var user = await app.CreateUserAsync(Role.Head, organization: org);
        var client = await app.LoginAsync(user);
        var page = await client.GetHtmlAsync("/accounts/twofactor");
        var key = System.Text.RegularExpressions.Regex.Match(page, "secret=([A-Z2-7]+)").Groups[1].Value;
        // Identity checks TOTP codes against the real clock, not the injected TimeProvider.
        var code = Totp(key, DateTimeOffset.UtcNow);
        var enabled = await client.PostFormAsync("/accounts/twofactor?handler=Enable", new() { ["Code"] = code }, formPage: "/accounts/twofactor");
        var html = await enabled.Content.ReadAsStringAsync();
        Assert.Contains("Двухфакторная аутентификация включена.", html);

        var fresh = app.NewClient();
        var login = await fresh.PostFormAsync("/accounts/anonymous/login", new() { ["Input.Email"] = user.Email!, ["Input.Password"] = TestApp.Password });
        Assert.StartsWith("/accounts/anonymous/loginwith2fa", login.Headers.Location!.OriginalString, StringComparison.OrdinalIgnoreCase);
        var wrong = await fresh.PostFormAsync(login.Headers.Location!.OriginalString, new() { ["Input.Code"] = "000000" });
        Assert.Contains("Код не подошёл", await wrong.Content.ReadAsStringAsync());
        var ok = await fresh.PostFormAsync(login.Headers.Location!.OriginalString, new() { ["Input.Code"] = Totp(key, DateTimeOffset.UtcNow) });
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await fresh.GetAsync("/accounts/profile")).StatusCode);
    }

    /// <summary>RFC 6238 TOTP, as an authenticator app computes it.</summary>
    private static string Totp(string base32, DateTimeOffset now)
    {
        var key = Base32(base32);
        var counter = now.ToUnixTimeSeconds() / 30;
        var bytes = BitConverter.GetBytes(counter);
        if (BitConverter.IsLittleEndian) Array.Reverse(bytes);
#pragma warning disable CA5350 // RFC 6238 authenticators use HMAC-SHA1; so must a test that plays one.
        var hash = System.Security.Cryptography.HMACSHA1.HashData(key, bytes);
#pragma warning restore CA5350
        var offset = hash[^1] & 0xF;
        var binary = ((hash[offset] & 0x7F) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % 1_000_000).ToString("D6");
    }

    private static byte[] Base32(string s)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bits = 0; var value = 0; var output = new List<byte>();
        foreach (var c in s.TrimEnd('='))
        {
            value = (value << 5) | alphabet.IndexOf(c, StringComparison.Ordinal);
            bits += 5;
            if (bits >= 8) { output.Add((byte)(value >> (bits - 8))); bits -= 8; }
        }
        return [.. output];
    }
}
