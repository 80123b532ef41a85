using Microsoft.EntityFrameworkCore;
using System.Net;
using Nastavnik.Data.Demo;

namespace Nastavnik.Tests.Platform;

public sealed class DemoTests
{
    /// <summary>Demo mode: the region is seeded, the login page lists every demo account, each role gets a sensible home page.</summary>
    [Fact]
    public async Task DemoMode_LoginPageListsAccounts_EachRoleHasHomePage()
    {
        using var app = new DemoApp();
        await app.EnsureMigratedAsync();
        await app.SeedAsync();
        var login = await app.NewClient().GetHtmlAsync("/accounts/anonymous/login");
        foreach (var a in DemoSeeder.Accounts) Assert.Contains(a.Email, login);
        Assert.Contains(DemoSeeder.Password, login);

        foreach (var a in DemoSeeder.Accounts)
        {
            var client = app.NewClient();
            var r = await client.PostFormAsync("/accounts/anonymous/login", new() { ["Input.Email"] = a.Email, ["Input.Password"] = DemoSeeder.Password });
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
            var home = await client.GetHtmlAsync("/");
            Assert.Contains("Здравствуйте, " + a.FullName, home);
            Assert.Contains(a.Where, home);
            if (a.Role != Nastavnik.Platform.Auth.Role.MunicipalCoordinator) continue;
            // The rural district's dashboard shows one school on plan, one close to it and the rest behind (DemoIndicators).
            var dashboard = await client.GetHtmlAsync("/indicators");
            Assert.Contains("достигнуто", dashboard);
            Assert.Contains("близко к плану", dashboard);
            Assert.Contains("отставание", dashboard);
            Assert.Contains("256 / 2501", dashboard);
            // Satisfaction (DemoSatisfaction): 18 answers in Берёзовская СОШ №2, too few (2) in Калиновская СОШ.
            Assert.Contains("Удовлетворённость участников", dashboard);
            Assert.Contains("8,1 из 10 (18)", dashboard);
            Assert.Contains("мало ответов (2)", dashboard);
        }
    }

    [Fact]
    public async Task NormalMode_LoginPageHasNoDemoAccounts()
    {
        using var app = new TestApp();
        await app.EnsureMigratedAsync();
        var login = await app.NewClient().GetHtmlAsync("/accounts/anonymous/login");
        Assert.DoesNotContain("demo.nastavnik.ru", login);
    }

    /// <summary>ОВЗ is health data: every demo person with it has an active consent to health data (152-ФЗ art. 10).</summary>
    [Fact]
    public async Task DemoMode_EveryOvzPersonHasHealthConsent()
    {
        using var app = new DemoApp();
        await app.EnsureMigratedAsync();
        await app.SeedAsync();
        var withoutConsent = await app.WithDbAsync(db => db.People.IgnoreQueryFilters()
            .Where(p => db.PersonCategories.Any(c => c.PersonId == p.Id && c.Category == Nastavnik.Features.People.MenteeCategory.Ovz))
            .Select(p => new { p.LastName, Consent = db.Consents.Any(c => c.PersonId == p.Id && c.Kind == Nastavnik.Features.Consents.ConsentKind.HealthData && c.WithdrawnAt == null) })
            .ToListAsync());
        Assert.NotEmpty(withoutConsent);
        Assert.All(withoutConsent, p => Assert.True(p.Consent, p.LastName));
    }

    /// <summary>The app in demo mode over a fresh database (shared with the link crawler).</summary>
    internal sealed class DemoApp : IDisposable
    {
        private readonly TestApp _inner = new();
        private readonly Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> _demo;

        public DemoApp() => _demo = _inner.WithWebHostBuilder(b => b.UseSetting("Demo:Enabled", "true"));

        public Task EnsureMigratedAsync() => _inner.EnsureMigratedAsync();

        public async Task SeedAsync()
        {
            await using var scope = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.CreateAsyncScope(_demo.Services);
            await DemoSeeder.SeedAsync(scope.ServiceProvider);
        }

        public Task<T> WithDbAsync<T>(Func<Nastavnik.Data.AppDbContext, Task<T>> action) => _inner.WithDbAsync(action);

        public HttpClient NewClient() => _demo.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        public void Dispose()
        {
            _demo.Dispose();
            _inner.Dispose();
        }
    }
}
