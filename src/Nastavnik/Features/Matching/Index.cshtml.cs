using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Features.People;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Features.Matching;

/// <summary>Подбор наставников: choose a pool (a school, or a whole municipality's bank) and weights, run the exact matcher.</summary>
[Authorize(Policy = Permissions.MatchingRun)]
public sealed class IndexModel(AppDbContext db, MatchingPool pool, MatchingRunner runner) : PageModel
{
    public sealed record PoolOption(string Value, string Name);
    public sealed record RunRow(int Id, string Pool, DateTime At, string? By, int Mentees, int Mentors, int Matched, long Total, long Greedy);

    [BindProperty] public string? Pool { get; set; }
    [BindProperty] public WeightsInput Weights { get; set; } = new();
    public List<PoolOption> Pools { get; private set; } = [];
    public List<RunRow> Runs { get; private set; } = [];
    /// <summary>Mentors of the viewer's registers still «кандидат»: they are left out of the pool until confirmed.</summary>
    public int CandidateMentors { get; private set; }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostAsync()
    {
        await LoadAsync();
        if (Pools.All(p => p.Value != Pool)) ModelState.AddModelError(nameof(Pool), "Выберите, среди кого подбирать пары.");
        if (!ModelState.IsValid) return Page();
        var (municipalityId, organizationId) = Parse(Pool!);
        var m = await db.Municipalities.AsNoTracking().FirstAsync(x => x.Id == municipalityId);
        var input = await pool.LoadAsync(municipalityId, organizationId, Weights.ToWeights(), []);
        if (input.Mentees.Count == 0 || input.Mentors.Count == 0)
        {
            ModelState.AddModelError(nameof(Pool), input.Mentees.Count == 0
                ? "В этом банке нет наставляемых, ожидающих наставника."
                : "В этом банке нет доступных наставников.");
            return Page();
        }
        var run = await runner.RunAsync(input, m.RegionId, municipalityId, organizationId);
        return Redirect($"/matching/run/{run.Id}");
    }

    internal static (int MunicipalityId, int? OrganizationId) Parse(string pool)
    {
        var parts = pool.Split(':');
        return (int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture),
            parts[0] == "o" ? int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture) : null);
    }

    private async Task LoadAsync()
    {
        CandidateMentors = await db.People.AsNoTracking().CountAsync(p => p.Mentor != null && p.Mentor.Status == MentorBankStatus.Candidate && !p.Organization!.IsArchived);
        var scope = db.Scope.For(Permissions.MatchingRun);
        var orgs = (await db.Organizations.AsNoTracking().Where(o => !o.IsArchived && o.Kind != Organizations.OrganizationKind.Partner)
                .OrderBy(o => o.Name).Select(o => new { o.Id, o.Name, o.MunicipalityId, o.RegionId }).ToListAsync())
            .Where(o => scope.CoversOrganization(o.RegionId, o.MunicipalityId, o.Id)).ToList();
        var muns = (await db.Municipalities.AsNoTracking().Where(x => !x.IsArchived).OrderBy(x => x.Name).ToListAsync())
            .Where(x => scope.CoversMunicipality(x.RegionId, x.Id)).ToList();
        Pools = [.. muns.Select(x => new PoolOption($"m:{x.Id}", x.Name + " — весь муниципальный банк")), .. orgs.Select(o => new PoolOption($"o:{o.MunicipalityId}:{o.Id}", o.Name))];
        var orgIds = orgs.Select(o => o.Id).ToList();
        var munIds = muns.Select(x => x.Id).ToList();
        Runs = await db.MatchingRuns.AsNoTracking()
            .Where(r => (r.OrganizationId != null && orgIds.Contains(r.OrganizationId.Value)) || (r.OrganizationId == null && munIds.Contains(r.MunicipalityId)))
            .OrderByDescending(r => r.Id).Take(30)
            .Select(r => new RunRow(r.Id, r.PoolName, r.CreatedAt, r.CreatedBy, r.Mentees, r.Mentors, r.Matched, r.TotalScore, r.GreedyScore)).ToListAsync();
    }
}
