using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Features.Monitoring;

/// <summary>The questionnaires and cards the user can see: built-in templates, the region's, the organisations'.</summary>
[Authorize(Policy = Permissions.MonitoringRead)]
public sealed class QuestionnairesModel(AppDbContext db, MonitoringAccess access) : PageModel
{
    public sealed record Row(Questionnaire Q, int Questions, string? Organization, bool Writable, int Responses);

    [BindProperty(SupportsGet = true)] public bool Archived { get; set; }
    public List<Row> Rows { get; } = [];
    public bool CanCreate { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        CanCreate = (await access.WritableLevelsAsync(ct)).Count > 0;
        var list = await db.Questionnaires.AsNoTracking().Where(q => Archived || q.Status != QuestionnaireStatus.Archived)
            .Select(q => new { Q = q, Questions = db.Questions.Count(x => x.QuestionnaireId == q.Id), Responses = db.MonitoringResponses.Count(r => r.QuestionnaireId == q.Id) })
            .ToListAsync(ct);
        var orgIds = list.Where(x => x.Q.OrganizationId is not null).Select(x => x.Q.OrganizationId!.Value).Distinct().ToList();
        var orgs = await db.Organizations.AsNoTracking().Where(o => orgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        foreach (var x in list.OrderBy(x => x.Q.RegionId is null ? 0 : x.Q.OrganizationId is null ? 1 : 2).ThenBy(x => x.Q.Kind).ThenBy(x => x.Q.Audience).ThenBy(x => x.Q.Title, StringComparer.Ordinal))
            Rows.Add(new Row(x.Q, x.Questions, x.Q.OrganizationId is { } o ? orgs.GetValueOrDefault(o) : null, access.CanWrite(x.Q), x.Responses));
    }
}
