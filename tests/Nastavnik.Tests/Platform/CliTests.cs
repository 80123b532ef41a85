using Microsoft.EntityFrameworkCore;
using Nastavnik.Platform.Cli;

namespace Nastavnik.Tests.Platform;

public sealed class CliTests
{
    private static async Task<(int Code, string Out, string Err)> RunAsync(string[] args, string stdin = "")
    {
        var o = new StringWriter();
        var e = new StringWriter();
        var code = await Cli.RunAsync(args, new StringReader(stdin), o, e);
        return (code, o.ToString(), e.ToString());
    }

    private static string[] DbArgs(Dictionary<string, string?> settings) =>
        [.. settings.Select(kv => $"--{kv.Key}={kv.Value}")];

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("admin")]
    [InlineData("admin", "delete")]
    [InlineData("admin", "create", "--email")]
    [InlineData("admin", "create", "--email", "a@b.ru")]
    [InlineData("migrate", "extra")]
    public async Task UnknownOrBadArguments_RussianUsage_Exit2(params string[] args)
    {
        var (code, _, err) = await RunAsync(args);
        Assert.Equal(2, code);
        Assert.Contains("Использование:", err);
    }

    [Fact]
    public void IsCommand_OptionsAreNotCommands()
    {
        Assert.False(Cli.IsCommand(["--demo", "--urls", "http://127.0.0.1:5000"]));
        Assert.False(Cli.IsCommand([]));
        Assert.True(Cli.IsCommand(["migrate"]));
        Assert.True(Cli.IsCommand(["что-то"]));
    }

    [Fact]
    public async Task MigrateSeedAndAdminCreate_WorkOnFreshDatabase()
    {
        var dir = Directory.CreateTempSubdirectory("nst-cli-").FullName;
        var settings = TestDatabase.Create(dir);
        settings["DataProtection:MasterKeyFile"] = Path.Combine(dir, "dp.key");
        var db = DbArgs(settings);

        var (code, output, _) = await RunAsync(["migrate", .. db]);
        Assert.Equal(0, code);
        Assert.Contains("Миграции применены", output);

        (code, output, _) = await RunAsync(["seed-demo", .. db]);
        Assert.Equal(0, code);
        Assert.Contains("создан", output);
        (code, output, _) = await RunAsync(["seed-demo", .. db]);
        Assert.Equal(0, code);
        Assert.Contains("уже есть", output);

        (code, _, var err) = await RunAsync(["admin", "create", "--email", "boss@region.ru", "--password-stdin", .. db], "короткий\n");
        Assert.Equal(1, code);
        Assert.Contains("не менее 12 символов", err);
        (code, output, _) = await RunAsync(["admin", "create", "--email", "boss@region.ru", "--name", "Иванова Анна", "--password-stdin", .. db], "длинная фраза для пароля\n");
        Assert.Equal(0, code);
        Assert.Contains("boss@region.ru", output);
    }
}
