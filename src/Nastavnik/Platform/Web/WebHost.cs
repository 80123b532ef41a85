using System.Globalization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Data.Demo;
using Nastavnik.Features.Organizations;
using Nastavnik.Platform.Audit;
using Nastavnik.Platform.Auth;
using Nastavnik.Platform.DataProtection;
using Nastavnik.Platform.Tenancy;

namespace Nastavnik.Platform.Web;

/// <summary>Composition of the web application: services, middleware, endpoints.</summary>
public static class WebHost
{
    public static readonly CultureInfo Russian = CultureInfo.GetCultureInfo("ru-RU");

    public static WebApplication Build(string[] args)
    {
        // `--demo` is a switch, not a key=value pair; translate it for the configuration system.
        var demo = args.Contains("--demo");
        var rest = args.Where(a => a != "--demo").ToArray();
        var builder = WebApplication.CreateBuilder(rest);
        if (demo) builder.Configuration["Demo:Enabled"] = "true";
        builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; });
        AddServices(builder.Services, builder.Configuration, builder.Environment);
        var app = builder.Build();
        Configure(app);
        return app;
    }

    public static void AddServices(IServiceCollection services, IConfiguration config, IWebHostEnvironment env)
    {
        var db = DatabaseOptions.From(config, env.ContentRootPath);
        services.AddSingleton(db);
        services.AddSingleton(TimeProvider.System);
        services.AddHttpContextAccessor();
        services.AddScoped<CurrentScope>();
        services.AddDbContext<AppDbContext>(db.Apply);
        services.AddScoped<AuditLog>();
        services.Configure<DemoOptions>(config.GetSection("Demo"));

        AddIdentity(services);
        AddAuthorization(services);

        services.AddDataProtection()
            .SetApplicationName("Nastavnik")
            .AddKeyManagementOptions(_ => { });
        services.AddSingleton<Microsoft.Extensions.Options.IConfigureOptions<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>, KeyRingSetup>();

        services.AddLocalization();
        // Cyrillic as text, not as &#x...; entities: pages stay half the size and readable in "view source".
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.AddRazorPages(o =>
            {
                o.RootDirectory = "/Features";
                o.Conventions.AllowAnonymousToFolder("/Accounts/Anonymous");
                o.Conventions.AllowAnonymousToPage("/Error");
            })
            .AddMvcOptions(o => RussianMessages.Configure(o))
            .AddViewOptions(o => o.HtmlHelperOptions.ClientValidationEnabled = false);
        services.Configure<RouteOptions>(o => { o.LowercaseUrls = true; });
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "nst.af";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        // Bad input to a minimal API (a query value of the wrong type, broken JSON) throws in every environment, not only in
        // Development: CorrelationAndErrors turns it into a Russian problem+json 400 the same way everywhere.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx => ProblemText.Russify(ctx.ProblemDetails, ctx.HttpContext));
        services.AddOpenApi("v1", o => o.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info.Title = "Наставник API";
            doc.Info.Description = "REST API информационной системы «Наставник». Аутентификация: заголовок Authorization: Bearer <API-токен>.";
            return Task.CompletedTask;
        }));
        services.AddHealthChecks().AddDbContextCheck<AppDbContext>("database", tags: ["ready"]);
        services.Configure<ForwardedHeadersOptions>(o => o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto);
        services.AddScoped<OrganizationImporter>();
        services.AddScoped<Features.People.PersonRegistration>();
        services.AddScoped<Features.Matching.MatchingPool>();
        services.AddScoped<Features.Matching.MatchingRunner>();
        services.AddScoped<Features.Notifications.Notifier>();
        services.AddScoped<Features.Mentorships.MentorshipService>();
        services.AddScoped<Features.Mentorships.MentorRanking>();
        services.AddScoped<Features.Programmes.ProgrammeAccess>();
        services.AddScoped<Features.Programmes.ProgrammeService>();
        services.AddScoped<Features.Programmes.ProgramRevisions>();
        services.AddScoped<Features.Programmes.CompletionService>();
        services.AddScoped<Features.Practices.PracticeService>();
        services.AddScoped<Features.IndividualRoutes.IndividualRouteAccess>();
        services.AddScoped<Features.Programmes.MeetingCalendar>();
        services.AddScoped<Features.People.PeopleImporter>();
        services.AddSingleton<Features.Indicators.IndicatorCache>();
        services.AddSingleton<Features.Consents.ConsentPurgeJob>();
        services.AddHostedService(sp => sp.GetRequiredService<Features.Consents.ConsentPurgeJob>());
        services.AddSingleton<Features.Roadmaps.RoadmapReminderJob>();
        services.AddHostedService(sp => sp.GetRequiredService<Features.Roadmaps.RoadmapReminderJob>());
        services.AddScoped<Features.Monitoring.MonitoringAccess>();
        services.AddScoped<Features.Monitoring.MonitoringService>();
        services.AddScoped<Features.Monitoring.MonitoringInbox>();
        services.AddScoped<Features.Monitoring.MonitoringReport>();
        services.AddSingleton<Features.Monitoring.MonitoringJob>();
        services.AddHostedService(sp => sp.GetRequiredService<Features.Monitoring.MonitoringJob>());
        Email.EmailOptions.Register(services, config, env);
        services.Configure<Features.Programmes.ProgrammeWarningOptions>(config.GetSection("ProgrammeWarnings"));
        services.AddSingleton<Features.Programmes.ProgrammeWarningJob>();
        services.AddHostedService(sp => sp.GetRequiredService<Features.Programmes.ProgrammeWarningJob>());
    }

    private static void AddIdentity(IServiceCollection services)
    {
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = IdentityConstants.ApplicationScheme;
                o.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthentication>(ApiTokenAuthentication.Scheme, _ => { })
            .AddIdentityCookies(c =>
            {
                c.ApplicationCookie?.Configure(o =>
                {
                    o.LoginPath = "/accounts/anonymous/login";
                    o.LogoutPath = "/accounts/logout";
                    o.AccessDeniedPath = "/accounts/anonymous/accessdenied";
                    o.Cookie.Name = "nst.auth";
                    o.Cookie.HttpOnly = true;
                    o.Cookie.SameSite = SameSiteMode.Lax;
                    o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                    o.ExpireTimeSpan = TimeSpan.FromHours(8);
                    o.SlidingExpiration = true;
                });
                c.TwoFactorUserIdCookie?.Configure(o => o.Cookie.Name = "nst.2fa");
            });

        services.AddIdentityCore<AppUser>(o =>
            {
                // OWASP ASVS 6.2: length, not composition rules; a list of common passwords is checked too.
                o.Password.RequiredLength = PasswordRules.MinLength;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequiredUniqueChars = 1;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.User.RequireUniqueEmail = true;
                o.SignIn.RequireConfirmedAccount = false;
            })
            .AddEntityFrameworkStores<AppDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders()
            .AddClaimsPrincipalFactory<ScopedClaimsFactory>()
            .AddErrorDescriber<RussianIdentityErrors>()
            .AddPasswordValidator<PasswordRules>();
        services.Configure<PasswordHasherOptions>(o => o.IterationCount = PasswordRules.Pbkdf2Iterations);
        // Role changes and password resets update the security stamp; sessions pick that up within a minute.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));
    }

    private static void AddAuthorization(IServiceCollection services)
    {
        services.AddAuthorizationBuilder()
            // Deny by default: an endpoint without its own policy still needs a signed-in user.
            .SetFallbackPolicy(new AuthorizationPolicyBuilder(IdentityConstants.ApplicationScheme).RequireAuthenticatedUser().Build());
        services.AddAuthorization(o =>
        {
            foreach (var permission in Permissions.Matrix.Keys)
            {
                o.AddPolicy(permission, p => p
                    .AddAuthenticationSchemes(IdentityConstants.ApplicationScheme)
                    .RequireAuthenticatedUser()
                    .RequireAssertion(ctx => TenantScope.FromPrincipal(ctx.User).Has(permission)));
                o.AddPolicy(ApiTokenAuthentication.PolicyPrefix + permission, p => p
                    .AddAuthenticationSchemes(ApiTokenAuthentication.Scheme)
                    .RequireAuthenticatedUser()
                    .RequireAssertion(ctx => TenantScope.FromPrincipal(ctx.User).Has(permission)));
            }
        });
        services.AddSingleton<IAuthorizationHandler, TenantResourceHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ApiAwareAuthorizationResultHandler>();
    }

    public static void Configure(WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseMiddleware<CorrelationAndErrors>();
        // An API client reads JSON: on /api an exception is left to CorrelationAndErrors (a Russian problem+json, 400 for
        // bad input, 500 otherwise) and an empty error status (no such route, wrong method) becomes Russian problem
        // details through the IProblemDetailsService; the HTML error page is for the browser pages only.
        app.UseWhen(c => !IsApi(c), b => b.UseExceptionHandler("/error").UseStatusCodePagesWithReExecute("/error", "?code={0}"));
        app.UseWhen(IsApi, b => b.UseStatusCodePages());
        app.UseMiddleware<SecurityHeaders>();
        app.UseRequestLocalization(o =>
        {
            o.DefaultRequestCulture = new RequestCulture(Russian);
            o.SupportedCultures = [Russian];
            o.SupportedUICultures = [Russian];
            o.RequestCultureProviders.Clear();
        });
        app.UseStaticFiles();
        app.UseRouting();
        app.UseAuthentication();
        app.UseMiddleware<TwoFactorEnforcement>();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") }).AllowAnonymous();
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapRazorPages();
        var api = app.MapGroup("/api/v1").WithTags("v1").DisableAntiforgery();
        OrganizationsApi.Map(api);
        Features.People.PeopleApi.Map(api);
    }

    private static bool IsApi(HttpContext c) => c.Request.Path.StartsWithSegments("/api");

    /// <summary>Migrations, then the demo region if asked for. Runs before the server accepts requests.</summary>
    public static async Task PrepareAsync(WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await db.Database.MigrateAsync();
        var demo = scope.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<DemoOptions>>().Value;
        if (demo.Enabled)
        {
            await DemoSeeder.SeedAsync(scope.ServiceProvider);
            app.Lifetime.ApplicationStarted.Register(() =>
            {
                var urls = string.Join(", ", app.Urls);
                Console.WriteLine($"Наставник (демо) запущен: {urls}  — демо-учётные записи перечислены на странице входа.");
            });
        }
        else
        {
            app.Lifetime.ApplicationStarted.Register(() => Console.WriteLine($"Наставник запущен: {string.Join(", ", app.Urls)}"));
        }
    }
}
