using Nastavnik.Platform.Cli;
using Nastavnik.Platform.Web;

// One executable: the web application, or a maintenance command (migrate, admin create, seed-demo).
// See README.md for the commands; `Cli.Usage` is what a mistyped command prints.
if (Cli.IsCommand(args))
    return await Cli.RunAsync(args);

var app = WebHost.Build(args);
await WebHost.PrepareAsync(app);
await app.RunAsync();
return 0;

/// <summary>Exposed for WebApplicationFactory in the tests.</summary>
public partial class Program;
