using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Features.People;
using Nastavnik.Matching;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Features.Matching;

/// <summary>
/// Партнёрские группы («равный — равному», seed 001): teachers of a school who wait in the mentee bank are grouped
/// by shared goals (their deficits), and the curator turns the proposal into partnership mentorships.
/// The grouping is a documented heuristic (<see cref="PeerGrouping"/>), not an optimum.
/// </summary>
[Authorize(Policy = Permissions.MatchingRun)]
public sealed class PeersModel(AppDbContext db, Mentorships.MentorshipService mentorships, TimeProvider clock) : PageModel
{
    public sealed record GroupView(List<(int Id, string Name)> Members, string Explanation);

    [BindProperty(SupportsGet = true)] public int? Org { get; set; }
    [BindProperty(SupportsGet = true)] public int Size { get; set; } = 3;
    public List<(int Id, string Name)> Organizations { get; private set; } = [];
    public List<GroupView> Groups { get; private set; } = [];
    public string? Error { get; private set; }

    public async Task OnGetAsync()
    {
        await LoadOrganizationsAsync();
        if (Org is null) return;
        if (Organizations.All(o => o.Id != Org)) { Error = "Выберите организацию из списка."; return; }
        if (Size is < 2 or > 10) { Error = "Размер группы — от 2 до 10 человек."; return; }
        Groups = await ProposeAsync(Org.Value, Size);
        if (Groups.Count == 0) Error = "Недостаточно педагогов в банке наставляемых, чтобы составить группы.";
    }

    public async Task<IActionResult> OnPostAcceptAsync(int org, int size)
    {
        await LoadOrganizationsAsync();
        if (Organizations.All(o => o.Id != org) || size is < 2 or > 10) return NotFound();
        var region = await db.Organizations.AsNoTracking().Where(o => o.Id == org).Select(o => o.RegionId).FirstAsync();
        var form = (await mentorships.FormsAsync(region)).FirstOrDefault(f => f.Code == "teacher-teacher");
        var kind = (await mentorships.KindsAsync(region)).FirstOrDefault(k => k.PeersOnly);
        if (form is null || kind is null)
        {
            TempData["FlashError"] = "В регионе не используется форма «учитель – учитель» или вид «партнёрство».";
            return Redirect($"/matching/peers?org={org}&size={size}");
        }
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        var created = 0;
        var problems = new List<string>();
        foreach (var g in await ProposeAsync(org, size))
        {
            var (m, errors) = await mentorships.CreateAsync(new Mentorships.MentorshipService.Draft(org, form.Id, kind.Id, [], [], [.. g.Members.Select(x => x.Id)],
                today, today.AddMonths(9), "партнёрская группа: " + g.Explanation, IsMenteeRequest: false));
            if (m is null) problems.Add(string.Join(" ", errors)); else created++;
        }
        TempData[problems.Count == 0 ? "Flash" : "FlashError"] = $"Создано партнёрских групп (черновики): {created}." + (problems.Count > 0 ? " Не удалось: " + string.Join("; ", problems) : "");
        return Redirect("/mentorships");
    }

    private async Task<List<GroupView>> ProposeAsync(int org, int size)
    {
        var people = await db.People.AsNoTracking()
            .Where(p => p.OrganizationId == org && p.Kind == PersonKind.Teacher && p.Mentee != null && p.Mentee.Status == MenteeStatus.Waiting)
            .OrderBy(p => p.Id).Select(p => new { p.Id, p.LastName, p.FirstName, p.MiddleName }).ToListAsync();
        if (people.Count < 2) return [];
        var ids = people.Select(p => p.Id).ToList();
        var goals = (await db.Deficits.AsNoTracking().Where(d => ids.Contains(d.PersonId)).Select(d => new { d.PersonId, d.CompetencyId }).ToListAsync())
            .GroupBy(d => d.PersonId).ToDictionary(g => g.Key, g => g.Select(d => d.CompetencyId).Distinct().ToList());
        var names = await db.Competencies.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Name);
        var groups = PeerGrouping.Form([.. people.Select(p => new PeerProfile(p.Id) { GoalIds = goals.GetValueOrDefault(p.Id, []) })], size,
            new MatchingVocabulary { Competencies = names });
        var byId = people.ToDictionary(p => p.Id, p => p.MiddleName is null ? $"{p.LastName} {p.FirstName}" : $"{p.LastName} {p.FirstName} {p.MiddleName}");
        return [.. groups.Select(g => new GroupView([.. g.MemberIds.Select(id => (id, byId[id]))], g.Explanation))];
    }

    private async Task LoadOrganizationsAsync()
    {
        var scope = db.Scope.For(Permissions.MatchingRun);
        Organizations = (await db.Organizations.AsNoTracking().Where(o => !o.IsArchived && o.Kind != Nastavnik.Features.Organizations.OrganizationKind.Partner).OrderBy(o => o.Name).ToListAsync())
            .Where(o => scope.CoversOrganization(o.RegionId, o.MunicipalityId, o.Id)).Select(o => (o.Id, o.Name)).ToList();
    }
}
