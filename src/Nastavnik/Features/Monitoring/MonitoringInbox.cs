using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Features.Mentorships;
using Nastavnik.Features.Programmes;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Features.Monitoring;

/// <summary>«Анкеты к заполнению»: the current user's assignments with what a person needs to recognise them.</summary>
public sealed class MonitoringInbox(AppDbContext db, MonitoringAccess access, ProgrammeService programmes)
{
    public sealed record Item(int AssignmentId, string Questionnaire, QuestionnaireKind Kind, bool Anonymous, MonitoringKind Stage, DateOnly DueOn,
        int ProgramId, string Pair, string? Subject, DateTime? CompletedAt);

    public async Task<List<Item>> ItemsAsync(bool open, int take = 200, CancellationToken ct = default)
    {
        var q = await access.MineAsync(ct);
        q = open ? q.Where(a => a.CompletedAt == null) : q.Where(a => a.CompletedAt != null);
        var rows = await q.AsNoTracking()
            .Join(db.Questionnaires, a => a.QuestionnaireId, x => x.Id, (a, x) => new { a, x.Title, x.Kind, x.IsAnonymous })
            .Join(db.MentoringPrograms, r => r.a.Stage!.ProgramId, p => p.Id, (r, p) => new
            {
                r.a.Id, r.Title, r.Kind, r.IsAnonymous, StageKind = r.a.Stage!.Kind, r.a.Stage.DueOn, ProgramId = p.Id, p.MentorshipId, r.a.SubjectPersonId, r.a.CompletedAt,
            })
            .OrderBy(r => r.DueOn).ThenBy(r => r.Id).Take(take).ToListAsync(ct);
        if (!open) rows = [.. rows.OrderByDescending(r => r.CompletedAt)];
        var people = await programmes.PeopleAsync([.. rows.Select(r => r.MentorshipId).Distinct()], ct);
        return [.. rows.Select(r =>
        {
            var pair = people.GetValueOrDefault(r.MentorshipId, []);
            var names = string.Join(" – ", pair.GroupBy(x => x.Role == ParticipantRole.Mentor).OrderByDescending(g => g.Key).Select(g => string.Join(", ", g.Select(x => x.ShortName))));
            var subject = r.SubjectPersonId is { } s ? pair.FirstOrDefault(x => x.PersonId == s)?.ShortName : null;
            return new Item(r.Id, r.Title, r.Kind, r.IsAnonymous, r.StageKind, r.DueOn, r.ProgramId, $"пара (группа) №{r.MentorshipId}: {names}", subject, r.CompletedAt);
        })];
    }
}

/// <summary>The home page's «Анкеты к заполнению»: nothing at all when there is nothing to fill.</summary>
public sealed class MonitoringInboxViewComponent(MonitoringInbox inbox, AppDbContext db) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync()
    {
        if (!db.Scope.Has(Permissions.MonitoringFill)) return Content("");
        var items = await inbox.ItemsAsync(open: true, take: 10);
        return items.Count == 0 ? Content("") : View("~/Features/Monitoring/_Inbox.cshtml", items);
    }
}
