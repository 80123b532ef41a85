using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Data.Demo;
using Nastavnik.Platform.Auth;
using Nastavnik.Platform.Web;

namespace Nastavnik.Platform.Cli;

/// <summary>
/// Maintenance commands of the same executable. They build the same services as the web application
/// (configuration, database) but serve no requests. Exit codes: 0 success, 1 failure, 2 usage error.
/// </summary>
public static class Cli
{
    public const string Usage = """
        Использование:
          Nastavnik [--demo] [--urls http://127.0.0.1:5000]   запустить веб-приложение
          Nastavnik migrate                                   применить миграции базы данных
          Nastavnik admin create --email <адрес> [--name "ФИО"] --password-stdin
                                                              создать администратора (пароль читается из stdin)
          Nastavnik seed-demo                                 заполнить базу демонстрационным регионом

        Параметры базы данных задаются конфигурацией (appsettings.json, переменные окружения):
          Database__Provider=Sqlite|Postgres, Database__SqlitePath, Database__ConnectionString
        """;

    private static readonly string[] Commands = ["migrate", "admin", "seed-demo", "help", "--help", "-h"];

    /// <summary>Anything that is not an option (starting with "-") is a command, known or not.</summary>
    public static bool IsCommand(string[] args) => args.Length > 0 && (!args[0].StartsWith('-') || Commands.Contains(args[0]));

    public static async Task<int> RunAsync(string[] args, TextReader? stdin = null, TextWriter? stdout = null, TextWriter? stderr = null)
    {
        stdin ??= Console.In;
        stdout ??= Console.Out;
        stderr ??= Console.Error;
        switch (args)
        {
            case ["help" or "--help" or "-h", ..]:
                await stdout.WriteLineAsync(Usage);
                return 0;
            case ["migrate", .. var rest]:
                return await WithServices(rest, stderr, async sp =>
                {
                    await sp.GetRequiredService<AppDbContext>().Database.MigrateAsync();
                    await stdout.WriteLineAsync("Миграции применены.");
                    return 0;
                });
            case ["seed-demo", .. var rest]:
                return await WithServices(rest, stderr, async sp =>
                {
                    await sp.GetRequiredService<AppDbContext>().Database.MigrateAsync();
                    var created = await DemoSeeder.SeedAsync(sp);
                    await stdout.WriteLineAsync(created ? "Демонстрационный регион создан." : "Демонстрационный регион уже есть; ничего не изменено.");
                    return 0;
                });
            case ["admin", "create", .. var rest]:
                return await AdminCreate(rest, stdin, stdout, stderr);
            default:
                await stderr.WriteLineAsync($"Неизвестная команда: {string.Join(' ', args)}");
                await stderr.WriteLineAsync(Usage);
                return 2;
        }
    }

    private static async Task<int> AdminCreate(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        string? email = null, name = null;
        var passwordStdin = false;
        var config = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--email" when i + 1 < args.Length: email = args[++i]; break;
                case "--name" when i + 1 < args.Length: name = args[++i]; break;
                case "--password-stdin": passwordStdin = true; break;
                case var a when a.StartsWith("--", StringComparison.Ordinal) && a.Contains('='): config.Add(a); break;
                default:
                    await stderr.WriteLineAsync($"Неизвестный или неполный параметр: {args[i]}");
                    await stderr.WriteLineAsync(Usage);
                    return 2;
            }
        }
        if (email is null || !passwordStdin)
        {
            await stderr.WriteLineAsync("Для команды «admin create» нужны параметры --email и --password-stdin.");
            await stderr.WriteLineAsync(Usage);
            return 2;
        }
        var password = (await stdin.ReadLineAsync())?.TrimEnd('\r', '\n') ?? "";
        return await WithServices([.. config], stderr, async sp =>
        {
            await sp.GetRequiredService<AppDbContext>().Database.MigrateAsync();
            var users = sp.GetRequiredService<UserManager<AppUser>>();
            var clock = sp.GetRequiredService<TimeProvider>();
            var user = new AppUser { UserName = email, Email = email, FullName = name ?? "Администратор", EmailConfirmed = true, CreatedAt = clock.GetUtcNow().UtcDateTime };
            var result = await users.CreateAsync(user, password);
            if (!result.Succeeded)
            {
                foreach (var e in result.Errors) await stderr.WriteLineAsync(e.Description);
                return 1;
            }
            var db = sp.GetRequiredService<AppDbContext>();
            db.RoleAssignments.Add(new RoleAssignment { UserId = user.Id, Role = Role.Administrator, AssignedAt = clock.GetUtcNow().UtcDateTime, AssignedBy = "cli" });
            db.AuditEntries.Add(new Audit.AuditEntry { At = clock.GetUtcNow().UtcDateTime, Action = Audit.AuditActions.RoleGranted, EntityType = "user", EntityId = user.Id, Details = "Administrator (cli)", UserName = "cli" });
            await db.SaveChangesAsync();
            await stdout.WriteLineAsync($"Администратор {email} создан.");
            return 0;
        });
    }

    private static async Task<int> WithServices(string[] configArgs, TextWriter stderr, Func<IServiceProvider, Task<int>> action)
    {
        if (configArgs.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal) || !a.Contains('=')) is { } bad)
        {
            await stderr.WriteLineAsync($"Неизвестный параметр: {bad}");
            await stderr.WriteLineAsync(Usage);
            return 2;
        }
        var builder = WebApplication.CreateBuilder(configArgs);
        builder.Logging.ClearProviders();
        WebHost.AddServices(builder.Services, builder.Configuration, builder.Environment);
        await using var app = builder.Build();
        await using var scope = app.Services.CreateAsyncScope();
        try
        {
            return await action(scope.ServiceProvider);
        }
        catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
        {
            await stderr.WriteLineAsync($"Ошибка: {ex.Message}");
            return 1;
        }
    }
}
