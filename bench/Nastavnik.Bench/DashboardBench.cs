using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nastavnik.Data;
using Nastavnik.Platform.Web;

namespace Nastavnik.Bench;

/// <summary>
/// <c>dashboard --db … [--connection …] [--connections 32] [--seconds 20]</c>: serves the real application on loopback
/// over a dataset made by <see cref="DatasetBench"/> (in a child process with the web app's runtime settings: server
/// GC, tiered compilation), signs in as the municipal and the regional coordinator, and measures with wrk, one after
/// the other: the "Fortunes" anchor (a minimal page rendering 12 rows from the same database through the same
/// pipeline, cookie and tenant filter — mapped only in this benchmark's host), the municipal dashboard and the
/// regional dashboard (<c>/indicators</c>, each coordinator's own level). Last line:
/// <c>RESULT dashboard db=… people=… rps=… anchor_rps=… ratio=… p99_ms=…</c> for the municipal dashboard.
/// </summary>
public static partial class DashboardBench
{
    private const string Usage = "usage: Nastavnik.Bench dashboard [--db sqlite|postgres] [--connection …] [--people N (names the default SQLite file)] [--connections 32] [--seconds 20] [--threads 2] [--port P] [--with-jobs]";
    public const string AnchorPath = "/bench/fortunes";

    public static async Task<int> RunAsync(string[] args)
    {
        int people = 1_000_000, connections = 32, seconds = 20, threads = 2, port = 0;
        var withJobs = false;
        var (db, rest, error) = BenchDatabase.Parse(args, PeopleArg(args) ?? people);
        if (db is null)
        {
            Console.Error.WriteLine(error);
            return 2;
        }
        for (var i = 0; i < rest.Count; i++)
        {
            int? Value() => i + 1 < rest.Count && int.TryParse(rest[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > 0 ? v : null;
            switch (rest[i])
            {
                case "--people" when Value() is { } v: people = v; i++; break;
                case "--connections" when Value() is { } v: connections = v; i++; break;
                case "--seconds" when Value() is { } v: seconds = v; i++; break;
                case "--threads" when Value() is { } v: threads = v; i++; break;
                case "--port" when Value() is { } v: port = v; i++; break;
                case "--with-jobs": withJobs = true; break;
                default:
                    Console.Error.WriteLine(Usage);
                    return 2;
            }
        }
        if (!await EnsureWrkAsync()) return 2;
        if (!db.IsPostgres && !File.Exists(db.SqlitePath))
        {
            Console.Error.WriteLine($"{db.SqlitePath} not found: run `dataset --db sqlite --people N` first (or pass --connection <file>)");
            return 2;
        }
        var count = await CountPeopleAsync(db);
        if (port == 0) port = FreePort();
        var baseUrl = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
        Console.WriteLine($"dashboard: {db.Describe()}, {count:N0} people; wrk -t{threads} -c{connections} -d{seconds}s; machine: {Environment.ProcessorCount} cores, load average {LoadAverage()}");

        using var server = StartServer(db, port, withJobs);
        try
        {
            await WaitReadyAsync(baseUrl, server);
            // Measuring begins when the server and its database are idle (with --with-jobs, after the daily jobs' first pass).
            var busy = await WaitIdleAsync(server, db);
            Console.WriteLine($"server ready{(withJobs ? " with its daily jobs" : " (daily jobs off)")}; idle after {busy.TotalSeconds:F0} s");
            using var municipal = await LoginAsync(baseUrl, DatasetBench.MunicipalEmail);
            var anchorHtml = await municipal.Client.GetStringAsync(AnchorPath);
            var anchorRows = TableRow().Count(anchorHtml) - 1;
            if (anchorRows != 13)
            {
                Console.Error.WriteLine($"the anchor rendered {anchorRows} rows instead of 12 + 1: is the municipal coordinator's municipality empty?");
                return 1;
            }
            var (municipalCold, municipalTitle) = await FirstRequestAsync(municipal.Client, "/indicators");
            Console.WriteLine($"municipal dashboard «{municipalTitle}»: first request {municipalCold:F0} ms");
            using var regional = await LoginAsync(baseUrl, DatasetBench.RegionalEmail);
            var (regionalCold, regionalTitle) = await FirstRequestAsync(regional.Client, "/indicators");
            Console.WriteLine($"regional dashboard «{regionalTitle}»: first request {regionalCold:F0} ms");

            // What a write costs the next viewer: the municipality's counter is moved (as any change there does) from
            // this process — like another instance of the app, which the server notices within its recheck interval
            // (2 s) — and both dashboards are asked for again; the median of five.
            var (regionId, municipalityId) = await CoordinatorScopeAsync(db);
            var recompute = new List<(double Municipal, double Regional)>();
            for (var k = 0; k < 5; k++)
            {
                await ExecuteAsync(db, $"INSERT INTO \"IndicatorStamps\" (\"Key\", \"RegionId\", \"MunicipalityId\", \"Value\") VALUES ('m:{municipalityId}', {regionId}, {municipalityId}, 1) " +
                    "ON CONFLICT (\"Key\") DO UPDATE SET \"Value\" = \"IndicatorStamps\".\"Value\" + 1");
                await Task.Delay(TimeSpan.FromSeconds(2.5));
                recompute.Add(((await FirstRequestAsync(municipal.Client, "/indicators")).Ms, (await FirstRequestAsync(regional.Client, "/indicators")).Ms));
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"after a change in the municipality (its counter moved): municipal dashboard {Median(recompute.Select(x => x.Municipal)):F0} ms, regional {Median(recompute.Select(x => x.Regional)):F0} ms (median of 5)"));

            // Sessions are signed in again right before each run: the security stamp is revalidated once a minute
            // for a cookie that wrk never renews, which would add queries and a new cookie to every request after the
            // first minute (a browser stores the renewed cookie).
            async Task<WrkResult> Measure(string who, string path, int runSeconds)
            {
                using var session = await LoginAsync(baseUrl, who);
                for (var k = 0; k < 20; k++) (await session.Client.GetAsync(path)).EnsureSuccessStatusCode();
                return await WrkAsync(baseUrl + path, session.CookieHeader, threads, connections, runSeconds);
            }

            // Warm-up under the same load, unmeasured: tiered compilation re-JITs the hot code (with profile-guided
            // optimisation) in the background during the first seconds; whichever page ran first would otherwise pay for it.
            foreach (var (who, path) in new[] { (DatasetBench.MunicipalEmail, AnchorPath), (DatasetBench.MunicipalEmail, "/indicators"), (DatasetBench.RegionalEmail, "/indicators") })
                await Measure(who, path, 5);

            var anchor = await Measure(DatasetBench.MunicipalEmail, AnchorPath, seconds);
            Console.WriteLine($"anchor    {AnchorPath}: {anchor}");
            var mun = await Measure(DatasetBench.MunicipalEmail, "/indicators", seconds);
            Console.WriteLine($"municipal /indicators: {mun}");
            var reg = await Measure(DatasetBench.RegionalEmail, "/indicators", seconds);
            Console.WriteLine($"regional  /indicators: {reg}");
            Console.WriteLine($"load average after the runs: {LoadAverage()}");
            if (anchor.Errors + mun.Errors + reg.Errors > 0)
            {
                Console.Error.WriteLine("some responses were errors (see above)");
                return 1;
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"regional dashboard: rps={reg.Rps:F0} anchor_rps={anchor.Rps:F0} ratio={reg.Rps / anchor.Rps:F2} p99_ms={reg.P99Ms:F1}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"RESULT dashboard db={db.Kind} people={count} rps={mun.Rps:F0} anchor_rps={anchor.Rps:F0} ratio={mun.Rps / anchor.Rps:F2} p99_ms={mun.P99Ms:F1}"));
            return 0;
        }
        finally
        {
            if (!server.HasExited)
            {
                server.Kill(entireProcessTree: true);
                await server.WaitForExitAsync();
            }
        }
    }

    private static int? PeopleArg(string[] args)
    {
        var i = Array.IndexOf(args, "--people");
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
    }

    // ------------------------------------------------------------------ the server (child process)

    /// <summary>
    /// <c>serve --db … --connection … --port P</c>: the web application exactly as Program.cs composes it, plus the
    /// anchor page. Runs as a child so that it gets the web app's runtime settings instead of the bench's
    /// (the bench switches tiered compilation off for its micro-measurements).
    /// </summary>
    public static async Task<int> ServeAsync(string[] args)
    {
        var (db, rest, error) = BenchDatabase.Parse(args, 0);
        var portAt = rest.IndexOf("--port");
        if (db is null || portAt < 0 || portAt + 1 >= rest.Count)
        {
            Console.Error.WriteLine(error ?? "serve needs --port");
            return 2;
        }
        // ApplicationName is the web project's: MVC finds the pages (and their compiled views) in the application assembly.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = Environments.Production, ContentRootPath = ContentRoot(), ApplicationName = typeof(WebHost).Assembly.GetName().Name,
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        foreach (var (k, v) in db.Settings()) builder.Configuration[k] = v;
        builder.Configuration["Logging:LogLevel:Default"] = "Warning";
        builder.WebHost.UseUrls("http://127.0.0.1:" + rest[portAt + 1]);
        WebHost.AddServices(builder.Services, builder.Configuration, builder.Environment);
        if (!rest.Contains("--with-jobs"))
        {
            // The app's daily jobs (consent purge, roadmap reminders, monitoring stages, programme warnings) are the
            // hosted services registered by factory; Kestrel's own is registered by type and stays. Their first pass
            // over a region of a million people takes minutes and would share the two cores with the measurement.
            foreach (var d in builder.Services.Where(d => d.ServiceType == typeof(Microsoft.Extensions.Hosting.IHostedService) && d.ImplementationFactory is not null).ToList())
                builder.Services.Remove(d);
        }
        var app = builder.Build();
        WebHost.Configure(app);
        app.MapGet(AnchorPath, FortunesAsync);
        // As Program.cs: pending migrations first (a dataset made by an older build gets the newer schema).
        await WebHost.PrepareAsync(app);
        await app.RunAsync();
        return 0;
    }

    /// <summary>
    /// TechEmpower's "Fortunes" on our data: 12 rows from the database (the viewer's first organisations, through the
    /// tenant filter), one row added at request time, sorted, HTML-encoded (by the app's encoder, as Razor does) into a
    /// table. Same process, middleware, cookie and DbContext as the dashboard; only the work differs.
    /// </summary>
    private static async Task<IResult> FortunesAsync(AppDbContext db, HtmlEncoder encoder)
    {
        var rows = await db.Organizations.AsNoTracking().OrderBy(o => o.Id).Take(12).Select(o => new KeyValuePair<int, string>(o.Id, o.Name)).ToListAsync();
        rows.Add(new(0, "Дополнительная строка, добавленная во время запроса."));
        rows.Sort((a, b) => string.CompareOrdinal(a.Value, b.Value));
        var html = new StringBuilder(4096).Append("<!DOCTYPE html><html lang=\"ru\"><head><meta charset=\"utf-8\"><title>Fortunes</title></head><body><table><tr><th>id</th><th>message</th></tr>");
        foreach (var (id, text) in rows)
            html.Append("<tr><td>").Append(id.ToString(CultureInfo.InvariantCulture)).Append("</td><td>").Append(encoder.Encode(text)).Append("</td></tr>");
        return Results.Content(html.Append("</table></body></html>").ToString(), "text/html; charset=utf-8");
    }

    private static string ContentRoot()
    {
        // The web project's folder (for wwwroot), found from the bench's output folder; the working directory otherwise.
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (Directory.Exists(Path.Combine(dir.FullName, "src", "Nastavnik", "wwwroot"))) return Path.Combine(dir.FullName, "src", "Nastavnik");
        return Directory.GetCurrentDirectory();
    }

    private static Process StartServer(BenchDatabase db, int port, bool withJobs)
    {
        var self = Environment.ProcessPath ?? "dotnet";
        var psi = new ProcessStartInfo(self) { UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") psi.ArgumentList.Add(typeof(DashboardBench).Assembly.Location);
        foreach (var a in new[] { "serve", "--db", db.Kind, "--connection", db.IsPostgres ? db.ConnectionString! : db.SqlitePath!, "--port", port.ToString(CultureInfo.InvariantCulture) })
            psi.ArgumentList.Add(a);
        if (withJobs) psi.ArgumentList.Add("--with-jobs");
        // What Microsoft.NET.Sdk.Web gives the real app: server GC; and the runtime's default tiered compilation with PGO.
        psi.Environment["DOTNET_gcServer"] = "1";
        psi.Environment["DOTNET_TieredCompilation"] = "1";
        psi.Environment["DOTNET_TieredPGO"] = "1";
        return Process.Start(psi) ?? throw new InvalidOperationException("the server did not start");
    }

    private static async Task WaitReadyAsync(string baseUrl, Process server)
    {
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(5) };
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < TimeSpan.FromMinutes(3))
        {
            if (server.HasExited) throw new InvalidOperationException($"the server exited with code {server.ExitCode}");
            try
            {
                if ((await http.GetAsync("/health/ready")).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(250);
        }
        throw new TimeoutException("the server did not become ready in 3 minutes");
    }

    /// <summary>
    /// Waits until the server process uses under a tenth of a core and (PostgreSQL) no query of its database is
    /// running, three seconds in a row; at most ten minutes.
    /// </summary>
    private static async Task<TimeSpan> WaitIdleAsync(Process server, BenchDatabase db)
    {
        var sw = Stopwatch.StartNew();
        var quiet = 0;
        var last = server.TotalProcessorTime;
        while (quiet < 3 && sw.Elapsed < TimeSpan.FromMinutes(10))
        {
            await Task.Delay(1000);
            server.Refresh();
            var cpu = server.TotalProcessorTime;
            var active = db.IsPostgres ? await ActiveQueriesAsync(db) : 0;
            quiet = (cpu - last).TotalSeconds < 0.1 && active == 0 ? quiet + 1 : 0;
            last = cpu;
        }
        return sw.Elapsed - TimeSpan.FromSeconds(3);
    }

    private static async Task<long> ActiveQueriesAsync(BenchDatabase db)
    {
        await using var conn = new Npgsql.NpgsqlConnection(new Npgsql.NpgsqlConnectionStringBuilder(db.ConnectionString) { Pooling = false }.ToString());
        await conn.OpenAsync();
        await using var cmd = new Npgsql.NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' AND pid <> pg_backend_pid()", conn);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    // ------------------------------------------------------------------ sessions

    private sealed class Session(HttpClient client, CookieContainer cookies, Uri baseUri) : IDisposable
    {
        public HttpClient Client { get; } = client;

        /// <summary>
        /// The cookies a browser would send now: read after the first pages, so that the one-time TempData cookie of
        /// the sign-in redirect is gone (wrk replays one header and never takes a Set-Cookie into account).
        /// </summary>
        public string CookieHeader => cookies.GetCookieHeader(baseUri);

        public void Dispose() => Client.Dispose();
    }

    private static async Task<Session> LoginAsync(string baseUrl, string email)
    {
        var cookies = new CookieContainer();
        var handler = new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false };
        var client = new HttpClient(handler, disposeHandler: true) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromMinutes(2) };
        var form = await client.GetStringAsync("/accounts/anonymous/login");
        var token = WebUtility.HtmlDecode(AntiforgeryToken().Match(form).Groups[1].Value);
        var response = await client.PostAsync("/accounts/anonymous/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = email, ["Input.Password"] = DatasetBench.Password, ["__RequestVerificationToken"] = token,
        }));
        if (response.StatusCode != HttpStatusCode.Redirect || !cookies.GetCookies(new Uri(baseUrl)).Any(c => c.Name.StartsWith("nst.auth", StringComparison.Ordinal)))
            throw new InvalidOperationException($"sign-in as {email} failed ({(int)response.StatusCode}): was the dataset made by `dataset`?");
        return new Session(client, cookies, new Uri(baseUrl));
    }

    private static async Task<(double Ms, string Title)> FirstRequestAsync(HttpClient client, string path)
    {
        var sw = Stopwatch.StartNew();
        var response = await client.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();
        sw.Stop();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{path} answered {(int)response.StatusCode}");
        var title = WebUtility.HtmlDecode(Heading().Match(html).Groups[1].Value.Trim());
        return (sw.Elapsed.TotalMilliseconds, title);
    }

    // ------------------------------------------------------------------ wrk

    public sealed record WrkResult(double Rps, double P50Ms, double P99Ms, long Requests, long Errors)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"rps={Rps:F0} p50_ms={P50Ms:F1} p99_ms={P99Ms:F1} requests={Requests} errors={Errors}");
    }

    private static async Task<WrkResult> WrkAsync(string url, string cookie, int threads, int connections, int seconds)
    {
        var psi = new ProcessStartInfo("wrk") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-t" + threads.ToString(CultureInfo.InvariantCulture), "-c" + connections.ToString(CultureInfo.InvariantCulture),
                     "-d" + seconds.ToString(CultureInfo.InvariantCulture) + "s", "--latency", "-H", "Cookie: " + cookie, url })
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("wrk did not start");
        var output = await p.StandardOutput.ReadToEndAsync();
        var stderr = await p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        if (p.ExitCode != 0) throw new InvalidOperationException($"wrk failed ({p.ExitCode}): {stderr}{output}");
        double Latency(string label)
        {
            var m = Regex.Match(output, @"^\s*" + Regex.Escape(label) + @"\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline);
            if (!m.Success) throw new InvalidOperationException("wrk printed no " + label + " latency:\n" + output);
            var v = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            return m.Groups[2].Value switch { "us" => v / 1000, "s" => v * 1000, _ => v };
        }
        var rps = double.Parse(Regex.Match(output, @"Requests/sec:\s+([\d.]+)").Groups[1].Value, CultureInfo.InvariantCulture);
        var requests = long.Parse(Regex.Match(output, @"(\d+) requests in").Groups[1].Value, CultureInfo.InvariantCulture);
        var non2xx = Regex.Match(output, @"Non-2xx or 3xx responses:\s+(\d+)");
        var socket = Regex.Match(output, @"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)");
        var errors = (non2xx.Success ? long.Parse(non2xx.Groups[1].Value, CultureInfo.InvariantCulture) : 0)
            + (socket.Success ? Enumerable.Range(1, 4).Sum(g => long.Parse(socket.Groups[g].Value, CultureInfo.InvariantCulture)) : 0);
        if (errors > 0) Console.WriteLine(output);
        return new WrkResult(rps, Latency("50%"), Latency("99%"), requests, errors);
    }

    private static async Task<bool> EnsureWrkAsync()
    {
        if (File.Exists("/usr/bin/wrk") || File.Exists("/usr/local/bin/wrk")) return true;
        if (Environment.UserName != "root")
        {
            Console.Error.WriteLine("wrk is not installed: apt-get install wrk (Debian package wrk), then run again");
            return false;
        }
        Console.WriteLine("wrk is not installed: installing the Debian package (apt-get install -y wrk)");
        var psi = new ProcessStartInfo("apt-get", "install -y -q wrk") { UseShellExecute = false };
        psi.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        using var p = Process.Start(psi)!;
        await p.WaitForExitAsync();
        return p.ExitCode == 0;
    }

    private static async Task<long> CountPeopleAsync(BenchDatabase db)
    {
        if (db.IsPostgres)
        {
            await using var conn = new Npgsql.NpgsqlConnection(db.ConnectionString);
            await conn.OpenAsync();
            await using var cmd = new Npgsql.NpgsqlCommand("SELECT count(*) FROM \"People\"", conn);
            return (long)(await cmd.ExecuteScalarAsync())!;
        }
        if (!File.Exists(db.SqlitePath)) return 0;
        await using var sqlite = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={db.SqlitePath};Mode=ReadOnly;Pooling=False");
        await sqlite.OpenAsync();
        await using var q = sqlite.CreateCommand();
        q.CommandText = "SELECT count(*) FROM \"People\"";
        return (long)(await q.ExecuteScalarAsync())!;
    }

    private static double Median(IEnumerable<double> values)
    {
        var v = values.Order().ToList();
        return v[v.Count / 2];
    }

    private static async Task<(int Region, int Municipality)> CoordinatorScopeAsync(BenchDatabase db)
    {
        const string sql = "SELECT r.\"RegionId\", r.\"MunicipalityId\" FROM \"RoleAssignments\" r JOIN \"AspNetUsers\" u ON u.\"Id\" = r.\"UserId\" WHERE u.\"NormalizedEmail\" = 'MUNICIPAL@BENCH.NASTAVNIK.LOCAL'";
        await using var conn = db.IsPostgres ? (System.Data.Common.DbConnection)new Npgsql.NpgsqlConnection(db.ConnectionString) : new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={db.SqlitePath};Pooling=False");
        await conn.OpenAsync();
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        await using var r = await cmd.ExecuteReaderAsync();
        if (!await r.ReadAsync()) throw new InvalidOperationException("the municipal coordinator of the dataset was not found");
        return (Convert.ToInt32(r.GetValue(0), CultureInfo.InvariantCulture), Convert.ToInt32(r.GetValue(1), CultureInfo.InvariantCulture));
    }

    private static async Task ExecuteAsync(BenchDatabase db, string sql)
    {
        await using var conn = db.IsPostgres ? (System.Data.Common.DbConnection)new Npgsql.NpgsqlConnection(db.ConnectionString) : new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={db.SqlitePath};Pooling=False;Default Timeout=30");
        await conn.OpenAsync();
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync();
    }

    private static int FreePort()
    {
        var l = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    public static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    [GeneratedRegex("<tr>")]
    private static partial Regex TableRow();

    [GeneratedRegex("<h1[^>]*>([^<]*)</h1>")]
    private static partial Regex Heading();
}
