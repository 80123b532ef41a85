using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Features.Mentorships;
using Nastavnik.Features.People;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Features.Indicators;

/// <summary>The people or the pairs behind one figure of the dashboard, by the same queries, within the viewer's scope.</summary>
[Authorize(Policy = Permissions.IndicatorsRead)]
public sealed class DrillModel(AppDbContext db, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Date { get; set; }
    [BindProperty(SupportsGet = true)] public int? Municipality { get; set; }
    [BindProperty(SupportsGet = true)] public int? Organization { get; set; }
    [BindProperty(SupportsGet = true)] public string? What { get; set; }

    public DateOnly AsOf { get; private set; }
    public string Heading { get; private set; } = "";
    public List<PersonRow> People { get; private set; } = [];
    public List<PairRow> Pairs { get; private set; } = [];
    public List<OrgFigures> Schools { get; private set; } = [];
    public bool ShowsPeople { get; private set; }
    public bool ShowsSchools { get; private set; }
    public const int Limit = 2000;

    public sealed record PersonRow(int Id, string Name, PersonKind Kind, string Organization);
    public sealed record PairRow(int Id, MentorshipStatus Status, DateOnly StartDate, DateOnly EndDate, string Organization);

    public async Task<IActionResult> OnGetAsync()
    {
        AsOf = IndicatorWeb.ParseDate(Date, clock);
        var level = await IndicatorWeb.LevelAsync(db, Municipality, Organization);
        var calc = new IndicatorCalculator(db);
        var what = What ?? "pupils";
        IQueryable<IndicatorCalculator.InvolvedRow>? people = null;
        IQueryable<Mentorship>? pairs = null;
        switch (what)
        {
            case "pupils": Heading = "Обучающиеся, вовлечённые в наставничество"; people = calc.Involved(level, AsOf).Where(IndicatorCalculator.IsInvolvedPupil); break;
            case "teachers": Heading = "Педагоги, вовлечённые в наставничество"; people = calc.Involved(level, AsOf).Where(IndicatorCalculator.IsInvolvedTeacher); break;
            case "pairs": Heading = "Пары и группы периода"; pairs = calc.CountedMentorships(level, AsOf); break;
            case "duet":
                Heading = "Пары — участники конкурса «Педагогический дуэт»";
                var ids = (await calc.DuetMentorshipIdsAsync(level, AsOf)).ToList();
                pairs = calc.CountedMentorships(level, AsOf).Where(m => ids.Contains(m.Id));
                break;
            case "schools":
                Heading = "Школы и наличие действующих пар";
                ShowsSchools = true;
                Schools = [.. (await calc.OrganizationsAsync(level, AsOf)).Where(o => o.IsSchool)];
                return Page();
            default:
                if (what.StartsWith("role-", StringComparison.Ordinal) && Enum.TryParse<ParticipantRole>(what[5..], out var role))
                {
                    Heading = "Участники в роли «" + Platform.Web.Formats.Name(role) + "»";
                    people = calc.Involved(level, AsOf).Where(r => r.Role == role);
                }
                else if (what.StartsWith("status-", StringComparison.Ordinal) && Enum.TryParse<MentorshipStatus>(what[7..], out var status))
                {
                    Heading = "Пары и группы в состоянии «" + Platform.Web.Formats.Name(status) + "»";
                    var orgs = calc.Organizations(level).Select(o => o.Id);
                    pairs = db.Mentorships.AsNoTracking().Where(m => m.Status == status && orgs.Contains(m.OrganizationId));
                }
                else if (await BreakdownAsync(calc, level, what) is { } breakdown)
                {
                    (Heading, people, pairs) = breakdown;
                }
                else return NotFound();
                break;
        }
        if (people is not null)
        {
            ShowsPeople = true;
            var ids = people.Select(r => r.PersonId).Distinct();
            People = await db.People.AsNoTracking().Where(p => ids.Contains(p.Id)).OrderBy(p => p.LastName).ThenBy(p => p.FirstName).Take(Limit)
                .Select(p => new PersonRow(p.Id, p.LastName + " " + p.FirstName + " " + (p.MiddleName ?? ""), p.Kind, p.Organization!.Name)).ToListAsync();
        }
        else if (pairs is not null)
        {
            Pairs = await pairs.OrderBy(m => m.StartDate).ThenBy(m => m.Id).Take(Limit)
                .Select(m => new PairRow(m.Id, m.Status, m.StartDate, m.EndDate, m.Organization!.Name)).ToListAsync();
        }
        return Page();
    }

    /// <summary>
    /// The rows behind the structure page: "form-7", "kind-2", "category-Gifted" list people; the same with "pairs-" in
    /// front list the pairs and groups. Sensitive categories only for those who may see them on a card.
    /// </summary>
    private async Task<(string Heading, IQueryable<IndicatorCalculator.InvolvedRow>? People, IQueryable<Mentorship>? Pairs)?> BreakdownAsync(
        IndicatorCalculator calc, MonitoringLevel level, string what)
    {
        var wantPairs = what.StartsWith("pairs-", StringComparison.Ordinal);
        var key = wantPairs ? what[6..] : what;
        var involved = calc.Involved(level, AsOf);
        var counted = calc.CountedMentorships(level, AsOf);
        string heading;
        IQueryable<IndicatorCalculator.InvolvedRow> rows;
        if (key.StartsWith("form-", StringComparison.Ordinal) && int.TryParse(key[5..], out var formId))
        {
            var name = await db.MentoringForms.IgnoreQueryFilters().AsNoTracking().Where(f => f.Id == formId).Select(f => f.Name).FirstOrDefaultAsync();
            if (name is null) return null;
            heading = $"форма «{name}»";
            var ids = counted.Where(m => m.FormId == formId).Select(m => m.Id);
            rows = involved.Where(r => ids.Contains(r.MentorshipId));
        }
        else if (key.StartsWith("kind-", StringComparison.Ordinal) && int.TryParse(key[5..], out var kindId))
        {
            var name = await db.MentoringKinds.IgnoreQueryFilters().AsNoTracking().Where(k => k.Id == kindId).Select(k => k.Name).FirstOrDefaultAsync();
            if (name is null) return null;
            heading = $"вид «{name}»";
            var ids = counted.Where(m => m.KindId == kindId).Select(m => m.Id);
            rows = involved.Where(r => ids.Contains(r.MentorshipId));
        }
        else if (key.StartsWith("category-", StringComparison.Ordinal) && Enum.TryParse<MenteeCategory>(key[9..], out var category) && Enum.IsDefined(category))
        {
            if (MenteeCategories.IsSensitive(category) && !db.Scope.Has(Permissions.PeopleSensitiveRead)) return null;
            heading = $"категория «{Platform.Web.Formats.Name(category)}»";
            var persons = db.PersonCategories.Where(c => c.Category == category).Select(c => c.PersonId);
            rows = involved.Where(r => r.Role != ParticipantRole.Mentor && persons.Contains(r.PersonId));
        }
        else return null;
        if (!wantPairs) return ("Участники: " + heading, rows, null);
        var pairIds = rows.Select(r => r.MentorshipId);
        return ("Пары и группы: " + heading, null, counted.Where(m => pairIds.Contains(m.Id)));
    }
}
