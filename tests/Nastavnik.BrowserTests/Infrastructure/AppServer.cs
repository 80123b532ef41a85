using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using Microsoft.Playwright;
using Xunit;

namespace Nastavnik.BrowserTests.Infrastructure;

/// <summary>
/// The real application on Kestrel in its own process (built by the ProjectReference), with a fresh SQLite file
/// and the demo region, plus one headless Debian Chromium. Shared by every test in the "browser" collection:
/// starting the app (migrations, demo seeding with PBKDF2 hashes) takes seconds, a browser context is cheap.
/// </summary>
public sealed class AppServer : IAsyncLifetime
{
    /// <summary>Flags the machine needs: without the background-networking ones Chromium keeps dialling Google
    /// through a closed network; --no-sandbox because CI runs as root.</summary>
    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic",
    ];

    private readonly StringBuilder _log = new();
    private Process? _process;
    private string? _dataDir;
    private IPlaywright? _playwright;

    public string BaseUrl { get; private set; } = "";
    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var dll = Metadata("NastavnikWebDll");
        var projectDir = Metadata("NastavnikWebProjectDir");
        if (!File.Exists(dll))
            throw new InvalidOperationException($"Web application is not built: {dll} is missing. Build the solution first.");

        _dataDir = Directory.CreateTempSubdirectory("nastavnik-browser-").FullName;
        var port = FreePort();
        BaseUrl = $"http://127.0.0.1:{port}";

        var psi = new ProcessStartInfo(DotnetHost())
        {
            // The project directory is the content root: wwwroot (with the npm-built lib/) lives there,
            // as with `dotnet run`. The database is a throwaway file.
            WorkingDirectory = projectDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { dll, "--demo", "--urls", BaseUrl, "--contentRoot", projectDir }) psi.ArgumentList.Add(a);
        foreach (var key in psi.Environment.Keys.Where(k => k.StartsWith("Database__", StringComparison.OrdinalIgnoreCase)
                                                           || k.StartsWith("ConnectionStrings__", StringComparison.OrdinalIgnoreCase)
                                                           || k.StartsWith("Email__", StringComparison.OrdinalIgnoreCase)
                                                           || k is "ASPNETCORE_URLS" or "DOTNET_ENVIRONMENT" or "ASPNETCORE_HTTP_PORTS").ToList())
            psi.Environment.Remove(key);
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        psi.Environment["Database__Provider"] = "Sqlite";
        psi.Environment["Database__SqlitePath"] = Path.Combine(_dataDir, "nastavnik.db");
        // Demo mode writes letters to a pickup folder; keep them in the throwaway directory, not in the source tree.
        psi.Environment["Email__PickupDirectory"] = Path.Combine(_dataDir, "mail");

        _process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        await WaitUntilReady(TimeSpan.FromSeconds(120));

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("NASTAVNIK_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
        if (_dataDir is not null)
        {
            try { Directory.Delete(_dataDir, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>A fresh browser context (own cookies) with a page, Russian locale, at the given viewport.</summary>
    public async Task<IPage> NewPageAsync(int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            Locale = "ru-RU",
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    /// <summary>The server's recent console output, for failure messages.</summary>
    public string LogTail(int lines = 40)
    {
        lock (_log)
        {
            var all = _log.ToString().Split('\n');
            return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
        }
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_log) _log.AppendLine(line);
    }

    private async Task WaitUntilReady(TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < timeout)
        {
            if (_process!.HasExited)
                throw new InvalidOperationException($"The application exited with code {_process.ExitCode} before it was ready:\n{LogTail(80)}");
            try
            {
                using var r = await http.GetAsync(new Uri(BaseUrl + "/health/ready"));
                if (r.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(250);
        }
        throw new TimeoutException($"The application did not answer /health/ready within {timeout.TotalSeconds} s:\n{LogTail(80)}");
    }

    private static string Metadata(string key) =>
        typeof(AppServer).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value
        ?? throw new InvalidOperationException($"Assembly metadata {key} is missing.");

    /// <summary>The same dotnet host that runs the tests, so the app runs on the same runtime.</summary>
    private static string DotnetHost()
    {
        var fromCli = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(fromCli) && File.Exists(fromCli)) return fromCli;
        var self = Environment.ProcessPath;
        if (self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet") return self;
        return "dotnet";
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<AppServer>
{
    public const string Name = "browser";
}
