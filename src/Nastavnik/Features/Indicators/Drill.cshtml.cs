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
}
