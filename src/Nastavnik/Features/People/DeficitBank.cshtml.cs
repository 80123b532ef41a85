using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Features.People;

/// <summary>
/// Банк дефицитов (seed 000, item 5): how many people have each deficit, by municipality and organisation,
/// optionally only for one category of teachers. Counts people, not entries (a deficit found twice counts once).
/// </summary>
[Authorize(Policy = Permissions.PeopleRead)]
public sealed class DeficitBankModel(AppDbContext db) : PageModel
{
    public sealed record Cell(string Group, string Competency, string Unit, int People);
    public sealed record Line(string Group, string Competency, int People, Dictionary<string, int> ByUnit);

    [BindProperty(SupportsGet = true)] public MenteeCategory? Category { get; set; }
    [BindProperty(SupportsGet = true)] public string By { get; set; } = "organization";

    public List<string> Units { get; private set; } = [];
    public List<Line> Lines { get; private set; } = [];
    public int Max => Lines.Count == 0 ? 1 : Math.Max(1, Lines.Max(l => l.People));

    public async Task OnGetAsync()
    {
        if (Category is { } c && MenteeCategories.IsSensitive(c) && !db.Scope.Has(Permissions.PeopleSensitiveRead)) Category = null;
        var people = db.People.AsNoTracking();
        if (Category is { } cat) people = people.Where(p => p.Categories.Any(x => x.Category == cat));
        var byMunicipality = By == "municipality";
        // A join rather than SelectMany: SQLite cannot run the APPLY that a collection navigation would need.
        var pairs = from d in db.Deficits.AsNoTracking()
                    join p in people on d.PersonId equals p.Id
                    select new { PersonId = p.Id, d.Competency!.Group, d.Competency.Name, Unit = byMunicipality ? p.Organization!.Municipality!.Name : p.Organization!.Name };
        var rows = await pairs
            .Distinct()
            .GroupBy(x => new { x.Group, x.Name, x.Unit })
            .Select(g => new Cell(g.Key.Group, g.Key.Name, g.Key.Unit, g.Count()))
            .ToListAsync();
        Units = rows.Select(r => r.Unit).Distinct().Order(StringComparer.Create(Platform.Web.WebHost.Russian, false)).ToList();
        Lines = rows.GroupBy(r => (r.Group, r.Competency))
            .Select(g => new Line(g.Key.Group, g.Key.Competency, g.Sum(x => x.People), g.ToDictionary(x => x.Unit, x => x.People)))
            .OrderByDescending(l => l.People).ThenBy(l => l.Competency, StringComparer.Ordinal).ToList();
    }
}
