using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Features.Mentorships;
using Nastavnik.Platform.Audit;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Features.Monitoring;

/// <summary>
/// Monitoring results per programme, per mentor, per organisation, per municipality: response rates, averages and
/// distributions with the numbers beside every bar, free answers (anonymous ones only in groups of 3 or more), mentor
/// effectiveness from the cards; and the same as XLSX.
/// </summary>
[Authorize(Policy = Permissions.MonitoringRead)]
public sealed class ResultsModel(AppDbContext db, MonitoringReport report, AuditLog audit, TimeProvider clock) : PageModel
{
    public sealed record Option(int Id, string Name);

    [BindProperty(SupportsGet = true)] public int? RegionId { get; set; }
    [BindProperty(SupportsGet = true)] public int? MunicipalityId { get; set; }
    [BindProperty(SupportsGet = true)] public int? OrganizationId { get; set; }
    [BindProperty(SupportsGet = true)] public int? ProgramId { get; set; }
    [BindProperty(SupportsGet = true)] public int? MentorId { get; set; }
    [BindProperty(SupportsGet = true)] public MonitoringKind? Stage { get; set; }
    [BindProperty(SupportsGet = true)] public int? QuestionnaireId { get; set; }

    public MonitoringReport.Data D { get; private set; } = null!;
    public List<Option> Municipalities { get; private set; } = [];
    public List<Option> Organizations { get; private set; } = [];
    public List<Option> Mentors { get; private set; } = [];
    public List<Option> Programmes { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await BuildAsync(all: false, ct) is { } r) return r;
        await OptionsAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnGetXlsxAsync(CancellationToken ct)
    {
        if (await BuildAsync(all: true, ct) is { } r) return r;
        var now = clock.GetUtcNow().UtcDateTime;
        await audit.WriteAsync(AuditActions.Export, "monitoring-results", null, D.Scope, D.Filter.OrganizationId, ct: ct);
        return File(MonitoringReport.Xlsx(D, now), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            $"monitoring-{now.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}.xlsx");
    }

    public string XlsxLink => With("questionnaireId", null) is var l && l.Contains('?', StringComparison.Ordinal) ? l + "&handler=Xlsx" : l + "?handler=Xlsx";

    /// <summary>Link to the same results with one filter changed.</summary>
    public string With(string key, object? value)
    {
        var q = new Dictionary<string, string?>
        {
            ["regionId"] = RegionId?.ToString(CultureInfo.InvariantCulture), ["municipalityId"] = MunicipalityId?.ToString(CultureInfo.InvariantCulture),
            ["organizationId"] = OrganizationId?.ToString(CultureInfo.InvariantCulture), ["programId"] = ProgramId?.ToString(CultureInfo.InvariantCulture),
            ["mentorId"] = MentorId?.ToString(CultureInfo.InvariantCulture), ["stage"] = Stage?.ToString(), ["questionnaireId"] = QuestionnaireId?.ToString(CultureInfo.InvariantCulture),
        };
        q[key] = value switch { null => null, int i => i.ToString(CultureInfo.InvariantCulture), _ => value.ToString() };
        return "/monitoring/results" + Microsoft.AspNetCore.Http.QueryString.Create(q.Where(x => x.Value is not null));
    }

    private async Task<IActionResult?> BuildAsync(bool all, CancellationToken ct)
    {
        var f = MonitoringReport.DefaultLevel(db.Scope, new MonitoringFilter(RegionId, MunicipalityId, OrganizationId, ProgramId, MentorId, Stage, QuestionnaireId));
        // A programme, organisation or municipality outside the scope is not found (the filters hide it).
        if (f.ProgramId is { } p && !await db.MentoringPrograms.AnyAsync(x => x.Id == p, ct)) return NotFound();
        if (f.OrganizationId is { } o && !await db.Organizations.AnyAsync(x => x.Id == o, ct)) return NotFound();
        if (f.MunicipalityId is { } m && !await db.Municipalities.AnyAsync(x => x.Id == m, ct)) return NotFound();
        (RegionId, MunicipalityId, OrganizationId) = (f.RegionId, f.MunicipalityId, f.OrganizationId);
        D = await report.BuildAsync(f, all, ct);
        return null;
    }

    private async Task OptionsAsync(CancellationToken ct)
    {
        var readable = db.Scope.For(Permissions.MonitoringRead);
        var wide = (db.Scope.IsGlobal && db.Scope.Roles.Count == 0) || readable.Roles.Any(r => r.Level is ScopeLevel.Global or ScopeLevel.Region);
        if (wide)
            Municipalities = await db.Municipalities.AsNoTracking().Where(x => !x.IsArchived && (RegionId == null || x.RegionId == RegionId))
                .OrderBy(x => x.Name).Select(x => new Option(x.Id, x.Name)).Take(500).ToListAsync(ct);
        if (MunicipalityId is { } mid)
            Organizations = await db.Organizations.AsNoTracking().Where(x => x.MunicipalityId == mid && !x.IsArchived && db.MonitoringStages.Any(s => s.OrganizationId == x.Id))
                .OrderBy(x => x.Name).Select(x => new Option(x.Id, x.Name)).ToListAsync(ct);
        else if (!wide && OrganizationId is null)
            Organizations = await db.Organizations.AsNoTracking().Where(x => !x.IsArchived && db.MonitoringStages.Any(s => s.OrganizationId == x.Id))
                .OrderBy(x => x.Name).Select(x => new Option(x.Id, x.Name)).Take(500).ToListAsync(ct);
        if (OrganizationId is { } oid)
        {
            var pairs = await db.MentoringPrograms.AsNoTracking().Where(p => p.OrganizationId == oid && db.MonitoringStages.Any(s => s.ProgramId == p.Id))
                .Select(p => new { p.Id, p.MentorshipId }).OrderBy(p => p.Id).ToListAsync(ct);
            var ms = pairs.Select(p => p.MentorshipId).ToList();
            var people = await db.MentorshipParticipants.AsNoTracking().Where(x => ms.Contains(x.MentorshipId))
                .Join(db.People, x => x.PersonId, p => p.Id, (x, p) => new { x.MentorshipId, x.PersonId, x.Role, p.LastName, p.FirstName, p.MiddleName }).ToListAsync(ct);
            Programmes = [.. pairs.Select(p => new Option(p.Id, $"№{p.Id}: " + string.Join(" – ", people.Where(x => x.MentorshipId == p.MentorshipId).OrderBy(x => x.Role)
                .Select(x => MentorshipQueries.ShortName(x.LastName, x.FirstName, x.MiddleName)))))];
            Mentors = [.. people.Where(x => x.Role == ParticipantRole.Mentor).DistinctBy(x => x.PersonId)
                .Select(x => new Option(x.PersonId, MentorshipQueries.ShortName(x.LastName, x.FirstName, x.MiddleName))).OrderBy(x => x.Name, StringComparer.Ordinal)];
        }
    }
}
