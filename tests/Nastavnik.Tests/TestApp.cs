using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Nastavnik.Data;
using Nastavnik.Features.Organizations;
using Nastavnik.Platform.Auth;
using Nastavnik.Platform.Tenancy;
using Npgsql;

namespace Nastavnik.Tests;

/// <summary>
/// Which database the integration tests run on: NASTAVNIK_TEST_DB=sqlite (default) or postgres, with
/// NASTAVNIK_TEST_PG holding a server connection string. Each TestApp gets its own fresh database.
/// If PostgreSQL was asked for and is unreachable the tests fail; they never fall back to SQLite.
/// </summary>
public static class TestDatabase
{
    public static bool IsPostgres => string.Equals(Environment.GetEnvironmentVariable("NASTAVNIK_TEST_DB"), "postgres", StringComparison.OrdinalIgnoreCase);

    public static string PostgresServer => Environment.GetEnvironmentVariable("NASTAVNIK_TEST_PG")
        ?? throw new InvalidOperationException("NASTAVNIK_TEST_DB=postgres, но NASTAVNIK_TEST_PG не задана.");

    /// <summary>Creates an empty database and returns the settings the app needs for it.</summary>
    public static Dictionary<string, string?> Create(string tempDir)
    {
        if (!IsPostgres)
            return new() { ["Database:Provider"] = "Sqlite", ["Database:SqlitePath"] = Path.Combine(tempDir, "test.db") };
        var name = "nst_" + Guid.NewGuid().ToString("N")[..16];
        using (var conn = new NpgsqlConnection(PostgresServer))
        {
            conn.Open();
            using var cmd = conn.CreateCommand();
            cmd.CommandText = $"CREATE DATABASE \"{name}\"";
            cmd.ExecuteNonQuery();
        }
        var cs = new NpgsqlConnectionStringBuilder(PostgresServer) { Database = name, Pooling = true, MaxPoolSize = 20 };
        return new() { ["Database:Provider"] = "Postgres", ["Database:ConnectionString"] = cs.ToString() };
    }
}

/// <summary>A moveable clock for tests.</summary>
public sealed class TestClock : TimeProvider
{
    private DateTimeOffset _now = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);
    public override DateTimeOffset GetUtcNow() => _now;
    public void Advance(TimeSpan by) => _now += by;
    public void Set(DateTimeOffset now) => _now = now;
}

/// <summary>
/// The real application in memory with its own database (migrated, not EnsureCreated) and clock.
/// Tests build their own tenants through <see cref="CreateOrganizationAsync"/> and friends.
/// </summary>
public sealed class TestApp : WebApplicationFactory<Program>
{
    public const string Password = "correct horse battery staple";
    private readonly string _dir = Directory.CreateTempSubdirectory("nst-test-").FullName;
    private readonly Dictionary<string, string?> _settings;
    private int _counter;

    public TestClock Clock { get; } = new();

    public TestApp()
    {
        _settings = TestDatabase.Create(_dir);
        _settings["DataProtection:MasterKeyFile"] = Path.Combine(_dir, "dp.key");
        // Letters go to this fixture's own pickup folder; tests send them with EmailOutboxJob.RunOnceAsync when they
        // want to, so the background timer is slowed down to stay out of their way.
        _settings["Email:PickupDirectory"] = MailDirectory;
        _settings["Email:PollSeconds"] = "3600";
    }

    public IReadOnlyDictionary<string, string?> Settings => _settings;

    /// <summary>Where this app writes .eml files.</summary>
    public string MailDirectory => Path.Combine(_dir, "mail");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (k, v) in _settings) builder.UseSetting(k, v);
        builder.ConfigureServices(s =>
        {
            s.RemoveAll<TimeProvider>();
            s.AddSingleton<TimeProvider>(Clock);
        });
    }

    private bool _migrated;
    private readonly SemaphoreSlim _migrateLock = new(1, 1);

    public async Task EnsureMigratedAsync()
    {
        if (_migrated) return;
        await _migrateLock.WaitAsync();
        try
        {
            if (_migrated) return;
            await using var scope = Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<AppDbContext>().Database.MigrateAsync();
            _migrated = true;
        }
        finally { _migrateLock.Release(); }
    }

    /// <summary>A DbContext that sees everything (system scope), for arranging and asserting.</summary>
    public async Task<T> WithDbAsync<T>(Func<AppDbContext, Task<T>> action)
    {
        await EnsureMigratedAsync();
        await using var scope = Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentScope>().Set(TenantScope.System);
        return await action(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    public Task WithDbAsync(Func<AppDbContext, Task> action) => WithDbAsync(async db => { await action(db); return 0; });

    public string Unique(string prefix) => $"{prefix} {Interlocked.Increment(ref _counter)}-{Guid.NewGuid().ToString("N")[..6]}";

    public async Task<Region> CreateRegionAsync() => await WithDbAsync(async db =>
    {
        var r = new Region { Name = Unique("Тестовая область") };
        db.Regions.Add(r);
        await db.SaveChangesAsync();
        return r;
    });

    public async Task<Municipality> CreateMunicipalityAsync(Region? region = null)
    {
        region ??= await CreateRegionAsync();
        return await WithDbAsync(async db =>
        {
            var m = new Municipality { RegionId = region.Id, Name = Unique("Район") };
            db.Municipalities.Add(m);
            await db.SaveChangesAsync();
            return m;
        });
    }

    public async Task<Organization> CreateOrganizationAsync(Municipality? municipality = null, string? name = null)
    {
        municipality ??= await CreateMunicipalityAsync();
        return await WithDbAsync(async db =>
        {
            var o = new Organization
            {
                MunicipalityId = municipality.Id, RegionId = municipality.RegionId, Name = name ?? Unique("МБОУ СОШ"),
                Kind = OrganizationKind.School, PupilCount = 300, TeacherCount = 25,
            };
            db.Organizations.Add(o);
            await db.SaveChangesAsync();
            return o;
        });
    }

    /// <summary>Creates a user holding the role at the scope of the given entity.</summary>
    public async Task<AppUser> CreateUserAsync(Role role, Region? region = null, Municipality? municipality = null, Organization? organization = null)
    {
        await EnsureMigratedAsync();
        await using var scope = Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentScope>().Set(TenantScope.System);
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var email = $"u{Guid.NewGuid():N}@test.ru";
        var user = new AppUser { UserName = email, Email = email, FullName = "Тестов Тест Тестович", CreatedAt = Clock.GetUtcNow().UtcDateTime, EmailConfirmed = true };
        var result = await users.CreateAsync(user, Password);
        if (!result.Succeeded) throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var a = new RoleAssignment { UserId = user.Id, Role = role, AssignedAt = Clock.GetUtcNow().UtcDateTime };
        if (organization is not null) { a.OrganizationId = organization.Id; a.MunicipalityId = organization.MunicipalityId; a.RegionId = organization.RegionId; }
        else if (municipality is not null) { a.MunicipalityId = municipality.Id; a.RegionId = municipality.RegionId; }
        else if (region is not null) a.RegionId = region.Id;
        db.RoleAssignments.Add(a);
        await db.SaveChangesAsync();
        return user;
    }

    /// <summary>A browser-like client: cookies kept, redirects not followed (tests look at them).</summary>
    public HttpClient NewClient() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public async Task<HttpClient> LoginAsync(AppUser user)
    {
        var client = NewClient();
        var response = await client.PostFormAsync("/accounts/anonymous/login", new() { ["Input.Email"] = user.Email!, ["Input.Password"] = Password });
        if (response.StatusCode != HttpStatusCode.Redirect)
            throw new InvalidOperationException($"Вход не удался: {(int)response.StatusCode}");
        return client;
    }

    public async Task<HttpClient> LoginAsAsync(Role role, Region? region = null, Municipality? municipality = null, Organization? organization = null) =>
        await LoginAsync(await CreateUserAsync(role, region, municipality, organization));

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing) return;
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        if (TestDatabase.IsPostgres && _settings.TryGetValue("Database:ConnectionString", out var cs) && cs is not null)
        {
            NpgsqlConnection.ClearAllPools();
            var name = new NpgsqlConnectionStringBuilder(cs).Database;
            using var conn = new NpgsqlConnection(TestDatabase.PostgresServer);
            conn.Open();
            using var cmd = conn.CreateCommand();
            cmd.CommandText = $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)";
            cmd.ExecuteNonQuery();
        }
    }
}

public static partial class HttpClientExtensions
{
    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenRegex();

    /// <summary>The antiforgery token of the first form on a page (tokens are per user, not per form).</summary>
    public static string AntiforgeryToken(string html) => WebUtility.HtmlDecode(TokenRegex().Match(html).Groups[1].Value);

    /// <summary>GETs the form page for its antiforgery token, then POSTs the fields like a browser would.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string url, Dictionary<string, string> fields, string? formPage = null)
    {
        var page = await client.GetAsync(formPage ?? url);
        var html = await page.Content.ReadAsStringAsync();
        var token = TokenRegex().Match(html);
        var data = new Dictionary<string, string>(fields);
        if (token.Success) data["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value);
        return await client.PostAsync(url, new FormUrlEncodedContent(data));
    }

    public static async Task<string> GetHtmlAsync(this HttpClient client, string url)
    {
        var r = await client.GetAsync(url);
        return await r.Content.ReadAsStringAsync();
    }
}
