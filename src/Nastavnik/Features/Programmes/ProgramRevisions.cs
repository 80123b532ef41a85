using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Features.Mentorships;
using Nastavnik.Features.Notifications;
using Nastavnik.Platform.Audit;
using Nastavnik.Platform.Web;

namespace Nastavnik.Features.Programmes;

/// <summary>
/// Proposing, confirming, declining and withdrawing <see cref="ProgramRevision"/>s. Who must consent: every
/// participant of the pair or group (mentors, mentees, peers) — seed 002 «по обоюдному согласию наставника и
/// наставляемого/наставляемых». A participant proposing it consents by proposing. The curator (or head) may
/// propose too, and may record a participant's consent on their behalf with the basis (a pupil without an account,
/// a signed statement); such a consent is marked as recorded by the curator in the history. One revision is
/// pending at a time, so the old values it carries are the programme's current ones when it is proposed.
/// </summary>
public sealed class ProgramRevisions(AppDbContext db, AuditLog audit, Notifier notifier, MentorshipService mentorships, TimeProvider clock, IHttpContextAccessor http)
{
    /// <summary>One row of the plan as the proposal form posts it: an existing activity (with its id) or a new one.</summary>
    public sealed record PlanRow(int? ActivityId, string? Title, DateOnly? DueOn, string? ExpectedResult, string? ResultForm, bool Remove);

    /// <summary>The programme as the proposer wants it: dates, form and kind, and the plan (unchanged fields simply repeat the current values).</summary>
    public sealed record Proposal(string? Reason, DateOnly? StartDate, DateOnly? EndDate, int? FormId, int? KindId, IReadOnlyList<PlanRow> Plan);

    public sealed record Outcome(string? Error, bool Applied = false)
    {
        public static readonly Outcome Ok = new((string?)null);
    }

    public const string StaleMessage = "Предложение только что изменил другой участник. Обновите страницу и повторите действие.";

    private string UserName => http.HttpContext?.User.DisplayName() ?? "система";
    private string? UserId => http.HttpContext?.User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value;
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public Task<ProgramRevision?> PendingAsync(int programId, CancellationToken ct = default) =>
        db.ProgramRevisions.AsNoTracking().Include(r => r.Confirmations).FirstOrDefaultAsync(r => r.ProgramId == programId && r.Status == RevisionStatus.Pending, ct);

    public async Task<(ProgramRevision? Revision, List<string> Errors)> ProposeAsync(int programId, ProgrammeAccess.Result access, Proposal x, CancellationToken ct = default)
    {
        var errors = new List<string>();
        if (access.Closed) return (null, [ProgrammeAccess.ClosedMessage]);
        var p = await db.MentoringPrograms.AsNoTracking().FirstAsync(q => q.Id == programId, ct);
        var m = await db.Mentorships.AsNoTracking().Include(q => q.Participants).ThenInclude(q => q.Person).FirstAsync(q => q.Id == p.MentorshipId, ct);
        if (await db.ProgramRevisions.AnyAsync(r => r.ProgramId == p.Id && r.Status == RevisionStatus.Pending, ct))
            return (null, ["Уже есть предложение об изменении, ожидающее подтверждения: подтвердите, отклоните или отзовите его."]);
        var reason = Clean(x.Reason, 1000);
        if (reason is null) errors.Add("Укажите причину изменения.");

        var rev = new ProgramRevision
        {
            ProgramId = p.Id, OrganizationId = p.OrganizationId, MunicipalityId = p.MunicipalityId, RegionId = p.RegionId, Status = RevisionStatus.Pending,
            Reason = reason ?? "", ProposedAt = Now, ProposedByUserId = UserId, ProposedBy = Cut(UserName, 300), ProposedByRole = Cut(access.ActorLabel, 30), UpdatedAt = Now,
        };
        var start = x.StartDate ?? p.StartDate;
        var end = x.EndDate ?? p.EndDate;
        if (end <= start) errors.Add("Окончание программы должно быть позже начала.");
        if (start != p.StartDate) (rev.OldStartDate, rev.NewStartDate) = (p.StartDate, start);
        if (end != p.EndDate) (rev.OldEndDate, rev.NewEndDate) = (p.EndDate, end);

        var formId = x.FormId ?? m.FormId;
        var kindId = x.KindId ?? m.KindId;
        if (formId != m.FormId || kindId != m.KindId) errors.AddRange(await CheckFormAsync(m, formId, kindId, ct));
        if (formId != m.FormId) (rev.OldFormId, rev.NewFormId) = (m.FormId, formId);
        if (kindId != m.KindId) (rev.OldKindId, rev.NewKindId) = (m.KindId, kindId);

        var activities = await db.ProgramActivities.AsNoTracking().Where(a => a.ProgramId == p.Id).ToDictionaryAsync(a => a.Id, ct);
        foreach (var row in x.Plan)
        {
            var title = Clean(row.Title, 1000);
            if (row.ActivityId is { } aid)
            {
                if (!activities.TryGetValue(aid, out var a)) { errors.Add("Мероприятие плана не найдено: обновите страницу."); continue; }
                if (row.Remove)
                {
                    if (a.Status == ActivityStatus.Done) { errors.Add($"Выполненное мероприятие «{a.Title}» не исключается из плана."); continue; }
                    rev.Items.Add(new ProgramRevisionItem { Action = RevisionItemAction.Remove, ActivityId = a.Id, OldTitle = a.Title, OldDueOn = a.DueOn, OldExpectedResult = a.ExpectedResult, OldResultForm = a.ResultForm });
                    continue;
                }
                if (title is null || row.DueOn is null) { errors.Add($"Мероприятие «{a.Title}»: укажите название и срок (или отметьте «исключить»)."); continue; }
                var (expected, form) = (Clean(row.ExpectedResult, 1000), Clean(row.ResultForm, 300));
                if (title != a.Title || row.DueOn != a.DueOn || expected != a.ExpectedResult || form != a.ResultForm)
                    rev.Items.Add(new ProgramRevisionItem
                    {
                        Action = RevisionItemAction.Change, ActivityId = a.Id, Title = title, DueOn = row.DueOn, ExpectedResult = expected, ResultForm = form,
                        OldTitle = a.Title, OldDueOn = a.DueOn, OldExpectedResult = a.ExpectedResult, OldResultForm = a.ResultForm,
                    });
            }
            else if (title is not null)
            {
                if (row.DueOn is null) { errors.Add($"Новое мероприятие «{title}»: укажите срок."); continue; }
                rev.Items.Add(new ProgramRevisionItem { Action = RevisionItemAction.Add, Title = title, DueOn = row.DueOn, ExpectedResult = Clean(row.ExpectedResult, 1000), ResultForm = Clean(row.ResultForm, 300) });
            }
        }
        if (errors.Count == 0 && !rev.ChangesDates && !rev.ChangesForm && rev.Items.Count == 0)
            errors.Add("Ничего не изменено: укажите новые сроки, форму или вид наставничества либо изменения плана.");
        if (errors.Count > 0) return (null, errors);

        if (access.PersonId is { } me) rev.Confirmations.Add(new ProgramRevisionConfirmation { PersonId = me, ConfirmedAt = Now, ConfirmedBy = Cut(UserName, 300) });
        await using var tx = await BeginAsync(ct);
        db.ProgramRevisions.Add(rev);
        await db.SaveChangesAsync(ct);
        var summary = string.Join("; ", await DescribeAsync(rev, ct));
        audit.Add("programme.revision-proposed", "programme", ProgrammeService.Id(p.Id), $"предложение №{rev.Id}: {summary}", p.OrganizationId);
        var others = m.Participants.Select(q => q.PersonId).Where(id => id != access.PersonId).ToList();
        await notifier.ToPeopleAsync(others, $"Предложено изменение программы наставничества пары №{p.MentorshipId} ({access.ActorLabel}): {summary}. Подтвердите или отклоните.", Link(p.Id), ct);
        if (access.PersonId is not null)
            await notifier.ToCuratorsAsync(p.OrganizationId, $"Участник ({access.ActorLabel}) предложил изменить программу наставничества пары №{p.MentorshipId}: {summary}.", Link(p.Id), ct);
        if (m.Participants.All(q => rev.Confirmations.Any(c => c.PersonId == q.PersonId)))
        {
            // Only possible for a unit with one participant; kept so the rule "applies when everyone agreed" has no gap.
            var error = await ApplyAsync(rev, ct);
            if (error is not null)
            {
                db.ChangeTracker.Clear();
                return (null, [error]);
            }
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return (rev, []);
    }

    /// <summary>
    /// A participant's consent (or the curator's record of it, with <paramref name="onBehalfOf"/> and a basis). The last
    /// missing consent applies the revision in the same transaction. Every consent touches the revision's version, so
    /// two people confirming at the same moment cannot both miss that they were the last.
    /// </summary>
    public async Task<Outcome> ConfirmAsync(int revisionId, Guid version, ProgrammeAccess.Result access, int? onBehalfOf, string? basis, CancellationToken ct = default)
    {
        if (access.Closed) return new(ProgrammeAccess.ClosedMessage);
        await using var tx = await BeginAsync(ct);
        var rev = await db.ProgramRevisions.Include(r => r.Items).Include(r => r.Confirmations).FirstOrDefaultAsync(r => r.Id == revisionId, ct);
        if (rev is null) return new("Предложение не найдено.");
        if (rev.Status != RevisionStatus.Pending) return new($"Предложение уже {Formats.Name(rev.Status)}.");
        if (rev.Version != version) return new(StaleMessage);
        var participants = await ParticipantsAsync(rev.ProgramId, ct);
        int personId;
        string? cleanBasis = null;
        if (onBehalfOf is { } other)
        {
            if (!access.StaffWrite) return new("Отметить согласие за участника может куратор или руководитель.");
            cleanBasis = Clean(basis, 500);
            if (cleanBasis is null) return new("Укажите основание: например, «письменное заявление от 12.03.2027».");
            personId = other;
        }
        else if (access.PersonId is { } me) personId = me;
        else return new("Подтверждают участники пары/группы. Куратор может отметить согласие участника, указав основание.");
        if (!participants.Contains(personId)) return new("Этот человек не участвует в паре/группе.");
        if (rev.Confirmations.Any(c => c.PersonId == personId)) return new("Согласие этого участника уже отмечено.");

        rev.Confirmations.Add(new ProgramRevisionConfirmation { PersonId = personId, ConfirmedAt = Now, ConfirmedBy = Cut(UserName, 300), OnBehalf = onBehalfOf is not null, Basis = cleanBasis });
        rev.UpdatedAt = Now;
        // Marked changed even when the clock has not moved, so the version is renewed and a racing consent collides.
        db.Entry(rev).Property(r => r.UpdatedAt).IsModified = true;
        db.Entry(rev).Property(r => r.Version).OriginalValue = version;
        audit.Add("programme.revision-confirmed", "programme", ProgrammeService.Id(rev.ProgramId),
            $"предложение №{rev.Id}, участник №{personId}" + (onBehalfOf is null ? "" : " (отмечено куратором)"), rev.OrganizationId);
        var applied = false;
        if (participants.All(id => rev.Confirmations.Any(c => c.PersonId == id)))
        {
            var error = await ApplyAsync(rev, ct);
            if (error is not null)
            {
                db.ChangeTracker.Clear();
                return new(error);
            }
            applied = true;
        }
        try
        {
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return new(StaleMessage);
        }
        return new(null, applied);
    }

    /// <summary>The pair's number, by which people know the programme.</summary>
    private Task<int> PairOfAsync(int programId, CancellationToken ct) =>
        db.MentoringPrograms.AsNoTracking().Where(p => p.Id == programId).Select(p => p.MentorshipId).FirstAsync(ct);

    public async Task<Outcome> DeclineAsync(int revisionId, Guid version, ProgrammeAccess.Result access, string? note, CancellationToken ct = default)
    {
        var rev = await db.ProgramRevisions.FirstOrDefaultAsync(r => r.Id == revisionId, ct);
        if (rev is null) return new("Предложение не найдено.");
        if (rev.Status != RevisionStatus.Pending) return new($"Предложение уже {Formats.Name(rev.Status)}.");
        if (rev.Version != version) return new(StaleMessage);
        var participants = await ParticipantsAsync(rev.ProgramId, ct);
        if (!access.StaffWrite && (access.PersonId is not { } me || !participants.Contains(me))) return new("Отклонить предложение может участник пары/группы или куратор.");
        var clean = Clean(note, 1000);
        if (clean is null) return new("Укажите, почему вы не согласны.");
        (rev.Status, rev.DecidedAt, rev.DecidedBy, rev.DecisionNote) = (RevisionStatus.Declined, Now, $"{Cut(UserName, 260)} ({access.ActorLabel})", clean);
        rev.UpdatedAt = Now;
        db.Entry(rev).Property(r => r.Version).OriginalValue = version;
        audit.Add("programme.revision-declined", "programme", ProgrammeService.Id(rev.ProgramId), $"предложение №{rev.Id}", rev.OrganizationId);
        await notifier.ToPeopleAsync(participants.Where(id => id != access.PersonId), $"Предложение об изменении программы наставничества пары №{await PairOfAsync(rev.ProgramId, ct)} отклонено ({access.ActorLabel}): {clean}", Link(rev.ProgramId), ct);
        return await SaveAsync(ct);
    }

    public async Task<Outcome> WithdrawAsync(int revisionId, Guid version, ProgrammeAccess.Result access, CancellationToken ct = default)
    {
        var rev = await db.ProgramRevisions.FirstOrDefaultAsync(r => r.Id == revisionId, ct);
        if (rev is null) return new("Предложение не найдено.");
        if (rev.Status != RevisionStatus.Pending) return new($"Предложение уже {Formats.Name(rev.Status)}.");
        if (rev.Version != version) return new(StaleMessage);
        if (rev.ProposedByUserId is null || rev.ProposedByUserId != UserId) return new("Отозвать предложение может только тот, кто его внёс.");
        (rev.Status, rev.DecidedAt, rev.DecidedBy) = (RevisionStatus.Withdrawn, Now, $"{Cut(UserName, 260)} ({access.ActorLabel})");
        rev.UpdatedAt = Now;
        db.Entry(rev).Property(r => r.Version).OriginalValue = version;
        audit.Add("programme.revision-withdrawn", "programme", ProgrammeService.Id(rev.ProgramId), $"предложение №{rev.Id}", rev.OrganizationId);
        var participants = await ParticipantsAsync(rev.ProgramId, ct);
        await notifier.ToPeopleAsync(participants.Where(id => id != access.PersonId), $"Предложение об изменении программы наставничества пары №{await PairOfAsync(rev.ProgramId, ct)} отозвано.", Link(rev.ProgramId), ct);
        return await SaveAsync(ct);
    }

    /// <summary>
    /// Applies a fully confirmed revision to the programme, the mentorship and the plan, after checking that they still
    /// hold the values the participants agreed to change. The caller saves, inside its transaction.
    /// </summary>
    private async Task<string?> ApplyAsync(ProgramRevision rev, CancellationToken ct)
    {
        var p = await db.MentoringPrograms.FirstAsync(q => q.Id == rev.ProgramId, ct);
        var m = await db.Mentorships.FirstAsync(q => q.Id == p.MentorshipId, ct);
        var ids = rev.Items.Where(i => i.ActivityId is not null).Select(i => i.ActivityId!.Value).ToList();
        var activities = await db.ProgramActivities.Where(a => a.ProgramId == p.Id && ids.Contains(a.Id)).ToDictionaryAsync(a => a.Id, ct);
        var conflicts = new List<string>();
        if (rev.NewStartDate is not null && p.StartDate != rev.OldStartDate) conflicts.Add("начало");
        if (rev.NewEndDate is not null && p.EndDate != rev.OldEndDate) conflicts.Add("окончание");
        if (rev.NewFormId is not null && m.FormId != rev.OldFormId) conflicts.Add("форма наставничества");
        if (rev.NewKindId is not null && m.KindId != rev.OldKindId) conflicts.Add("вид наставничества");
        foreach (var i in rev.Items.Where(i => i.Action != RevisionItemAction.Add))
            if (i.ActivityId is not { } aid || !activities.TryGetValue(aid, out var a)
                || a.Title != i.OldTitle || a.DueOn != i.OldDueOn || a.ExpectedResult != i.OldExpectedResult || a.ResultForm != i.OldResultForm)
                conflicts.Add($"мероприятие «{i.OldTitle}»");
        if (conflicts.Count > 0)
            return $"После того как изменение было предложено, в программе уже изменилось: {string.Join(", ", conflicts)}. Отклоните это предложение и предложите изменение заново.";
        if (rev.NewFormId is not null || rev.NewKindId is not null)
        {
            var participants = await db.Mentorships.AsNoTracking().Include(q => q.Participants).ThenInclude(q => q.Person).FirstAsync(q => q.Id == m.Id, ct);
            var errors = await CheckFormAsync(participants, rev.NewFormId ?? m.FormId, rev.NewKindId ?? m.KindId, ct);
            if (errors.Count > 0) return string.Join(" ", errors);
        }

        // The pair works for as long as its programme runs: the mentorship's period follows the programme's.
        if (rev.NewStartDate is { } s) (p.StartDate, m.StartDate) = (s, s);
        if (rev.NewEndDate is { } e) (p.EndDate, m.EndDate) = (e, e);
        if (rev.NewFormId is { } f) m.FormId = f;
        if (rev.NewKindId is { } k) m.KindId = k;
        var added = new List<(ProgramRevisionItem Item, ProgramActivity Activity)>();
        foreach (var i in rev.Items)
            switch (i.Action)
            {
                case RevisionItemAction.Add:
                    var a = new ProgramActivity { ProgramId = p.Id, Title = i.Title!, DueOn = i.DueOn!.Value, ExpectedResult = i.ExpectedResult, ResultForm = i.ResultForm, Status = ActivityStatus.Planned };
                    db.ProgramActivities.Add(a);
                    added.Add((i, a));
                    break;
                case RevisionItemAction.Change:
                    var c = activities[i.ActivityId!.Value];
                    (c.Title, c.DueOn, c.ExpectedResult, c.ResultForm) = (i.Title!, i.DueOn!.Value, i.ExpectedResult, i.ResultForm);
                    break;
                case RevisionItemAction.Remove:
                    db.ProgramActivities.Remove(activities[i.ActivityId!.Value]);
                    break;
            }
        // Touch the programme even when only the plan changed, so an edit form opened before this change is stale.
        db.Entry(p).State = EntityState.Modified;
        (rev.Status, rev.DecidedAt, rev.DecidedBy) = (RevisionStatus.Applied, Now, "согласие всех участников");
        if (added.Count > 0)
        {
            await db.SaveChangesAsync(ct);
            foreach (var (item, activity) in added) item.ActivityId = activity.Id;
        }
        var summary = string.Join("; ", await DescribeAsync(rev, ct));
        audit.Add("programme.revision-applied", "programme", ProgrammeService.Id(p.Id), $"предложение №{rev.Id}: {summary}", p.OrganizationId);
        await notifier.ToPeopleAsync(await ParticipantsAsync(p.Id, ct), $"Все участники согласились: изменение программы наставничества пары №{p.MentorshipId} применено ({summary}).", Link(p.Id), ct);
        await notifier.ToCuratorsAsync(p.OrganizationId, $"Изменение программы наставничества пары №{p.MentorshipId} применено по согласию участников: {summary}.", Link(p.Id), ct);
        return null;
    }

    /// <summary>Can the unit's participants work in this form and kind (the same rules as forming it, without re-checking the banks)?</summary>
    private async Task<List<string>> CheckFormAsync(Mentorship m, int formId, int kindId, CancellationToken ct)
    {
        var errors = new List<string>();
        var form = (await mentorships.FormsAsync(m.RegionId, ct)).FirstOrDefault(f => f.Id == formId);
        var kind = (await mentorships.KindsAsync(m.RegionId, ct)).FirstOrDefault(k => k.Id == kindId);
        if (form is null) errors.Add("Выберите форму наставничества из списка.");
        if (kind is null) errors.Add("Выберите вид наставничества из списка.");
        if (form is null || kind is null) return errors;
        var mentees = m.Participants.Count(q => q.Role == ParticipantRole.Mentee);
        var peers = m.Participants.Count(q => q.Role == ParticipantRole.Peer);
        if (kind.PeersOnly != (peers > 0))
            errors.Add(kind.PeersOnly ? $"Вид «{kind.Name}» — партнёрство равных; у этой пары есть наставник и наставляемые." : $"Участники этой группы — партнёры: вид «{kind.Name}» им не подходит.");
        else if (!kind.PeersOnly && (mentees < kind.MinMentees || (kind.MaxMentees is { } max && mentees > max)))
            errors.Add($"В виде «{kind.Name}» допускается от {kind.MinMentees} до {kind.MaxMentees?.ToString(CultureInfo.InvariantCulture) ?? "любого числа"} наставляемых, а в паре/группе их {mentees}.");
        foreach (var q in m.Participants.Where(q => q.Person is not null))
        {
            var fits = q.Role switch
            {
                ParticipantRole.Mentor => form.FitsMentor(q.Person!.Kind),
                ParticipantRole.Mentee => form.FitsMentee(q.Person!.Kind),
                _ => form.FitsMentor(q.Person!.Kind) || form.FitsMentee(q.Person!.Kind),
            };
            if (!fits) errors.Add($"{q.Person!.FullName} ({Formats.Name(q.Role)}) не подходит для формы «{form.Name}».");
        }
        if (formId != m.FormId)
            foreach (var q in m.Participants.Where(q => q.Role != ParticipantRole.Mentor))
            {
                // The same "one mentorship per mentee and form" the approval keeps; other schools' pairs count too, only a yes/no leaves.
                var busy = await db.Mentorships.IgnoreQueryFilters().AnyAsync(x => x.Id != m.Id && x.FormId == formId && MentorshipLifecycle.Holding.Contains(x.Status)
                    && x.Participants.Any(y => y.PersonId == q.PersonId && y.Role != ParticipantRole.Mentor), ct);
                if (busy) errors.Add($"{q.Person?.FullName ?? "Наставляемый"} уже состоит в паре/группе формы «{form.Name}».");
            }
        return errors;
    }

    /// <summary>What the revision changes, old → new, in words for the history, notifications and the document.</summary>
    public async Task<List<string>> DescribeAsync(ProgramRevision r, CancellationToken ct = default)
    {
        var formIds = new[] { r.OldFormId, r.NewFormId }.OfType<int>().ToList();
        var kindIds = new[] { r.OldKindId, r.NewKindId }.OfType<int>().ToList();
        var forms = formIds.Count == 0 ? [] : await db.MentoringForms.IgnoreQueryFilters().AsNoTracking().Where(f => formIds.Contains(f.Id)).ToDictionaryAsync(f => f.Id, f => f.Name, ct);
        var kinds = kindIds.Count == 0 ? [] : await db.MentoringKinds.IgnoreQueryFilters().AsNoTracking().Where(f => kindIds.Contains(f.Id)).ToDictionaryAsync(f => f.Id, f => f.Name, ct);
        return Describe(r, forms, kinds);
    }

    public static List<string> Describe(ProgramRevision r, IReadOnlyDictionary<int, string> forms, IReadOnlyDictionary<int, string> kinds)
    {
        var lines = new List<string>();
        if (r.NewStartDate is { } s) lines.Add($"начало: {D(r.OldStartDate)} → {Formats.Date(s)}");
        if (r.NewEndDate is { } e) lines.Add($"окончание: {D(r.OldEndDate)} → {Formats.Date(e)}");
        if (r.NewFormId is { } f) lines.Add($"форма наставничества: {forms.GetValueOrDefault(r.OldFormId ?? 0, "—")} → {forms.GetValueOrDefault(f, "—")}");
        if (r.NewKindId is { } k) lines.Add($"вид наставничества: {kinds.GetValueOrDefault(r.OldKindId ?? 0, "—")} → {kinds.GetValueOrDefault(k, "—")}");
        foreach (var i in r.Items)
            lines.Add(i.Action switch
            {
                RevisionItemAction.Add => $"план: добавлено «{i.Title}» (срок {D(i.DueOn)})",
                RevisionItemAction.Remove => $"план: исключено «{i.OldTitle}» (срок {D(i.OldDueOn)})",
                _ => $"план: изменено «{i.OldTitle}»: " + string.Join(", ", ItemChanges(i)),
            });
        return lines;
    }

    private static IEnumerable<string> ItemChanges(ProgramRevisionItem i)
    {
        if (i.Title != i.OldTitle) yield return $"название → «{i.Title}»";
        if (i.DueOn != i.OldDueOn) yield return $"срок {D(i.OldDueOn)} → {D(i.DueOn)}";
        if (i.ExpectedResult != i.OldExpectedResult) yield return $"ожидаемый результат «{i.OldExpectedResult ?? "—"}» → «{i.ExpectedResult ?? "—"}»";
        if (i.ResultForm != i.OldResultForm) yield return $"форма результата «{i.OldResultForm ?? "—"}» → «{i.ResultForm ?? "—"}»";
    }

    private static string D(DateOnly? d) => d is { } x ? Formats.Date(x) : "—";

    private async Task<List<int>> ParticipantsAsync(int programId, CancellationToken ct) =>
        await db.MentoringPrograms.AsNoTracking().Where(p => p.Id == programId)
            .Join(db.MentorshipParticipants, p => p.MentorshipId, q => q.MentorshipId, (p, q) => q.PersonId).ToListAsync(ct);

    /// <summary>SQLite: a serializable transaction begins IMMEDIATE (writers queue instead of failing on a stale snapshot); PostgreSQL: read committed plus the version check.</summary>
    private Task<Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction> BeginAsync(CancellationToken ct) =>
        db.Database.IsNpgsql() ? db.Database.BeginTransactionAsync(ct) : db.Database.BeginTransactionAsync(System.Data.IsolationLevel.Serializable, ct);

    private async Task<Outcome> SaveAsync(CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return Outcome.Ok;
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return new(StaleMessage);
        }
    }

    public static string Link(int programId) => $"/programmes/revisions/{ProgrammeService.Id(programId)}";

    private static string? Clean(string? s, int max) => string.IsNullOrWhiteSpace(s) ? null : s.Trim() is var t && t.Length > max ? t[..max] : s.Trim();

    private static string Cut(string s, int max) => s.Length > max ? s[..max] : s;
}
