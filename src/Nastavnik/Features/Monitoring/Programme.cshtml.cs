using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Features.Mentorships;
using Nastavnik.Features.Programmes;
using Nastavnik.Platform.Audit;
using Nastavnik.Platform.Auth;
using Nastavnik.Platform.Web;

namespace Nastavnik.Features.Monitoring;

/// <summary>
/// One programme's monitoring: the interim and final stages with their dates, who has filled what (never what an anonymous
/// respondent answered), the monitoring cards' results per mentee, and for the curator the button that opens a stage early.
/// Staff of the scope and the pair's own participants open it (participants see only their own questionnaires).
/// </summary>
[Authorize(Policy = Permissions.ProgrammesRead)]
public sealed class ProgrammeModel(AppDbContext db, MonitoringService service, MonitoringAccess monitoring, ProgrammeAccess access, ProgrammeService programmes, AuditLog audit) : PageModel
{
    public sealed record Line(int AssignmentId, string Questionnaire, QuestionnaireKind Kind, bool Anonymous, string Respondent, string? Subject, DateTime? CompletedAt, bool Mine);
    public sealed record CardLine(string Subject, string Card, double? Interim, double? Final);

    [BindProperty(SupportsGet = true)] public int Id { get; set; }

    public MentoringProgram P { get; private set; } = null!;
    public Mentorship M { get; private set; } = null!;
    public ProgrammeAccess.Result Access { get; private set; } = ProgrammeAccess.Result.None;
    public bool CanManage { get; private set; }
    public bool ShowResults => Access.PersonId is null && db.Scope.Has(Permissions.MonitoringRead);
    public List<ProgrammeService.Person> People { get; private set; } = [];
    public List<MonitoringStage> Stages { get; private set; } = [];
    public Dictionary<int, List<Line>> Lines { get; } = [];
    public List<CardLine> Cards { get; } = [];
    public DateOnly Today => service.Today;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostOpenAsync(int stageId, CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        var stage = Stages.FirstOrDefault(s => s.Id == stageId);
        if (stage is null) return NotFound();
        if (!CanManage)
        {
            TempData["FlashError"] = "Открыть этап мониторинга досрочно может куратор или руководитель организации.";
            return Redirect($"/monitoring/programme/{Id}");
        }
        if (stage.OpenedAt is not null)
        {
            TempData["FlashError"] = "Этот этап уже открыт.";
            return Redirect($"/monitoring/programme/{Id}");
        }
        var n = await service.OpenAsync(stage.Id, User.Identity?.Name ?? "куратор", ct);
        audit.Add("monitoring.opened", "monitoring-stage", stage.Id.ToString(CultureInfo.InvariantCulture), $"{Formats.Name(stage.Kind)}, программа {P.Id.ToString(CultureInfo.InvariantCulture)}", P.OrganizationId);
        await db.SaveChangesAsync(ct);
        TempData["Flash"] = $"{Formats.Name(stage.Kind)} мониторинг открыт: анкет к заполнению — {n.ToString(CultureInfo.InvariantCulture)}. Участники получили уведомления.";
        return Redirect($"/monitoring/programme/{Id}");
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var p = await db.MentoringPrograms.AsNoTracking().FirstOrDefaultAsync(x => x.Id == Id, ct);
        var m = p is null ? null : await db.Mentorships.AsNoTracking().FirstOrDefaultAsync(x => x.Id == p.MentorshipId, ct);
        if (p is null || m is null) return false;
        Access = await access.ForAsync(m, ct);
        if (!Access.Read) return false;
        (P, M) = (p, m);
        CanManage = Access.PersonId is null && monitoring.CanManage(m.RegionId, m.MunicipalityId, m.OrganizationId);
        await service.EnsureStagesAsync(db.MentoringPrograms.Where(x => x.Id == p.Id), ct);
        // Kinds are stored as text: order them as the enum (interim first) in memory.
        Stages = [.. (await db.MonitoringStages.AsNoTracking().Where(s => s.ProgramId == p.Id).ToListAsync(ct)).OrderBy(s => s.Kind)];
        People = (await programmes.PeopleAsync([m.Id], ct)).GetValueOrDefault(m.Id, []);
        var names = People.ToDictionary(x => x.PersonId, x => x.ShortName);
        var stageIds = Stages.Select(s => s.Id).ToList();
        var mine = (await monitoring.MyPersonIdsAsync(ct)).ToHashSet();
        var curatorOrgs = monitoring.CuratorOrganizationIds();
        var rows = await db.MonitoringAssignments.AsNoTracking().Where(a => stageIds.Contains(a.StageId))
            .Join(db.Questionnaires, a => a.QuestionnaireId, q => q.Id, (a, q) => new { a, q.Title, q.Kind, q.IsAnonymous }).ToListAsync(ct);
        foreach (var r in rows.OrderBy(r => r.a.Audience).ThenBy(r => r.Kind).ThenBy(r => r.a.Id))
        {
            var isMine = r.a.PersonId is { } pid ? mine.Contains(pid) : curatorOrgs.Contains(r.a.OrganizationId);
            // Participants see their own questionnaires only; staff see everyone's progress.
            if (Access.PersonId is not null && !isMine) continue;
            var who = r.a.PersonId is { } id ? $"{Formats.Name(r.a.Audience)} {names.GetValueOrDefault(id, "—")}" : "куратор";
            var subject = r.a.SubjectPersonId is { } s ? names.GetValueOrDefault(s, "—") : null;
            if (!Lines.TryGetValue(r.a.StageId, out var list)) Lines[r.a.StageId] = list = [];
            list.Add(new Line(r.a.Id, r.Title, r.Kind, r.IsAnonymous, who, subject, r.a.CompletedAt, isMine));
        }
        if (Access.PersonId is null)
        {
            // Cards are named assessments of the mentee: staff see each result, interim against final.
            var responses = await db.MonitoringResponses.AsNoTracking().Include(r => r.Answers)
                .Where(r => stageIds.Contains(r.StageId) && r.SubjectPersonId != null).ToListAsync(ct);
            var cardIds = responses.Select(r => r.QuestionnaireId).Distinct().ToList();
            var cards = new Dictionary<int, Questionnaire>();
            foreach (var id in cardIds) if (await service.LoadAsync(id, ct: ct) is { } q) cards[id] = q;
            var kinds = Stages.ToDictionary(s => s.Id, s => s.Kind);
            foreach (var g in responses.Where(r => cards.ContainsKey(r.QuestionnaireId)).GroupBy(r => (r.SubjectPersonId!.Value, r.QuestionnaireId)))
            {
                double? At(MonitoringKind k)
                {
                    var v = g.Where(r => kinds[r.StageId] == k).Select(r => MonitoringResults.CardPercent(cards[r.QuestionnaireId], r.Answers)).OfType<double>().ToList();
                    return v.Count == 0 ? null : v.Average();
                }
                Cards.Add(new CardLine(names.GetValueOrDefault(g.Key.Item1, "—"), cards[g.Key.QuestionnaireId].Title, At(MonitoringKind.Interim), At(MonitoringKind.Final)));
            }
        }
        return true;
    }

    public static string Percent(double? v) => v is { } x ? x.ToString("0.0", WebHost.Russian) + " %" : "—";
}
