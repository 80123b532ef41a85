using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Platform.Audit;
using Nastavnik.Platform.Auth;
using Nastavnik.Platform.Export;
using Nastavnik.Platform.Web;

namespace Nastavnik.Features.People;

/// <summary>
/// The register as XLSX or CSV with the columns of the seeds' banks (ФИО, место работы, компетенции, достижения,
/// интересы, желаемый возраст, ресурс времени, дата вхождения, форма наставничества, роль, дата завершения,
/// результаты). The same filters as the page; sensitive categories only for those who may see them. Audited.
/// </summary>
[Authorize(Policy = Permissions.PeopleExport)]
public sealed class ExportModel(AppDbContext db, AuditLog audit, TimeProvider clock) : PageModel
{
    public static readonly string[] Header =
    [
        "ФИО", "Место работы (учёбы)", "Кто", "Должность / класс", "Роль", "Компетенции (сильные стороны)", "Дефициты", "Достижения", "Интересы",
        "Желаемый возраст наставляемых", "Ресурс времени, ч/мес", "Дата вхождения", "Категории", "Статус", "Форма наставничества", "Дата завершения", "Результаты",
    ];

    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public int? Org { get; set; }
    [BindProperty(SupportsGet = true)] public PersonKind? Kind { get; set; }
    [BindProperty(SupportsGet = true)] public RegisterKind Register { get; set; }
    [BindProperty(SupportsGet = true)] public MenteeCategory? Category { get; set; }
    [BindProperty(SupportsGet = true)] public int? Competency { get; set; }
    [BindProperty(SupportsGet = true)] public MenteeStatus? MenteeStatus { get; set; }
    [BindProperty(SupportsGet = true)] public MentorBankStatus? MentorStatus { get; set; }
    [BindProperty(SupportsGet = true)] public string Format { get; set; } = "xlsx";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var filter = new PeopleFilter(Q, Org, Kind, Register, Category, Competency, MentorStatus, MenteeStatus);
        var scope = db.Scope;
        var names = await db.Competencies.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        var occupied = Mentorships.MentorshipQueries.OccupiedMenteeIds(db);
        var filtered = PeopleQueries.Filter(db, db.People.AsNoTracking(), filter);
        var q = filtered
            .OrderBy(p => p.LastName).ThenBy(p => p.FirstName).ThenBy(p => p.Id)
            .Select(p => new
            {
                p.LastName, p.FirstName, p.MiddleName, Org = p.Organization!.Name, p.Kind, p.Position, p.ClassName, p.RegionId, p.MunicipalityId, p.OrganizationId,
                Mentor = p.Mentor == null ? null : new { p.Mentor.Achievements, p.Mentor.Interests, p.Mentor.PreferredAgeFrom, p.Mentor.PreferredAgeTo, p.Mentor.HoursPerMonth, p.Mentor.Status, p.Mentor.EnteredOn, Strengths = p.Mentor.Strengths.Select(s => s.CompetencyId).ToList() },
                Mentee = p.Mentee == null ? null : new { p.Mentee.Status, p.Mentee.EnteredOn, InPendingPair = occupied.Contains(p.Id) },
                Deficits = p.Deficits.Select(d => d.CompetencyId).ToList(),
                Categories = p.Categories.Select(c => c.Category).ToList(),
                p.EnteredOn,
                // The latest pair or group that was approved (drafts and proposals are not yet facts for the register).
                // Scalar subqueries each: an object-valued FirstOrDefault would need APPLY, which SQLite lacks.
                PairForm = db.Mentorships.Where(m => m.Participants.Any(x => x.PersonId == p.Id) && m.Status != Mentorships.MentorshipStatus.Draft && m.Status != Mentorships.MentorshipStatus.Proposed)
                    .OrderByDescending(m => m.StartDate).ThenByDescending(m => m.Id).Select(m => m.Form!.Name).FirstOrDefault(),
                PairEnd = db.Mentorships.Where(m => m.Participants.Any(x => x.PersonId == p.Id) && m.Status != Mentorships.MentorshipStatus.Draft && m.Status != Mentorships.MentorshipStatus.Proposed)
                    .OrderByDescending(m => m.StartDate).ThenByDescending(m => m.Id).Select(m => (DateOnly?)(m.ClosedOn ?? m.EndDate)).FirstOrDefault(),
                PairResult = db.Mentorships.Where(m => m.Participants.Any(x => x.PersonId == p.Id) && m.Status != Mentorships.MentorshipStatus.Draft && m.Status != Mentorships.MentorshipStatus.Proposed)
                    .OrderByDescending(m => m.StartDate).ThenByDescending(m => m.Id).Select(m => m.Result).FirstOrDefault(),
            });
        // One audit line per organisation whose people are in the file, so that the school's curator and its
        // coordinators find the export in their access log (a breach notice names whose data left, and where from).
        var perOrganization = await filtered.GroupBy(p => p.OrganizationId).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        foreach (var o in perOrganization.OrderBy(o => o.Key))
            audit.Add(AuditActions.Export, "person", null, $"реестр ({Formats.Name(Register)}), строк этой организации: {o.Count}, формат {Format}", o.Key);
        if (perOrganization.Count == 0) audit.Add(AuditActions.Export, "person", null, $"реестр ({Formats.Name(Register)}), строк: 0, формат {Format}");
        await db.SaveChangesAsync(ct);

        var rows = q.AsAsyncEnumerable().ToBlockingEnumerable(ct).Select(p =>
        {
            var sensitive = PersonVisibility.CanSeeSensitive(scope, p.RegionId, p.MunicipalityId, p.OrganizationId);
            var role = string.Join(", ", new[] { p.Mentor is null ? null : "наставник", p.Mentee is null ? null : "наставляемый" }.OfType<string>());
            var status = string.Join(", ", new[] { p.Mentor is null ? null : Formats.Name(p.Mentor.Status), p.Mentee is null ? null : PeopleQueries.MenteeStatusText(p.Mentee.Status, p.Mentee.InPendingPair) }.OfType<string>());
            return (IReadOnlyList<string?>)
            [
                p.MiddleName is null ? $"{p.LastName} {p.FirstName}" : $"{p.LastName} {p.FirstName} {p.MiddleName}", p.Org, Formats.Name(p.Kind), p.Position ?? p.ClassName, role,
                string.Join(", ", p.Mentor?.Strengths.Select(id => names.GetValueOrDefault(id, "")) ?? []),
                string.Join(", ", p.Deficits.Distinct().Select(id => names.GetValueOrDefault(id, ""))),
                p.Mentor?.Achievements, p.Mentor?.Interests,
                p.Mentor?.PreferredAgeFrom is null ? null : $"{p.Mentor.PreferredAgeFrom}–{p.Mentor.PreferredAgeTo}",
                p.Mentor?.HoursPerMonth?.ToString(), Formats.Date(p.Mentor?.EnteredOn ?? p.Mentee?.EnteredOn ?? p.EnteredOn),
                string.Join(", ", PersonVisibility.Visible(p.Categories, sensitive).Select(c => Formats.Name(c))), status,
                p.PairForm, p.PairEnd is { } end ? Formats.Date(end) : null, p.PairResult,
            ];
        });
        var stamp = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        if (string.Equals(Format, "csv", StringComparison.OrdinalIgnoreCase))
        {
            Response.ContentType = "text/csv; charset=utf-8";
            Response.Headers.ContentDisposition = $"attachment; filename*=UTF-8''{Uri.EscapeDataString($"Реестр {Formats.Date(stamp)}.csv")}";
            await TableExport.WriteCsvAsync(Response.Body, Header, rows, ct);
            return new EmptyResult();
        }
        // OpenXML needs a seekable stream for the package; a temporary file keeps memory flat for large registers.
        var tmp = Path.Combine(Path.GetTempPath(), "nastavnik-export-" + Guid.NewGuid().ToString("N") + ".xlsx");
        await using (var fs = new FileStream(tmp, FileMode.CreateNew, FileAccess.ReadWrite))
            TableExport.WriteXlsx(fs, "Реестр", Header, rows);
        var stream = new FileStream(tmp, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.DeleteOnClose);
        return File(stream, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"Реестр {Formats.Date(stamp)}.xlsx");
    }
}
