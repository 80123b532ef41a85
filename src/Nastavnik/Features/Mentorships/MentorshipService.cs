using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Features.Consents;
using Nastavnik.Features.Notifications;
using Nastavnik.Features.People;
using Nastavnik.Platform.Audit;
using Nastavnik.Platform.Web;

namespace Nastavnik.Features.Mentorships;

/// <summary>Creating pairs and groups, moving them through <see cref="MentorshipLifecycle"/>, approving them by an order.</summary>
public sealed class MentorshipService(AppDbContext db, AuditLog audit, Notifier notifier, TimeProvider clock, IHttpContextAccessor http)
{
    public sealed record Draft(int OrganizationId, int FormId, int KindId, IReadOnlyList<int> Mentors, IReadOnlyList<int> Mentees, IReadOnlyList<int> Peers,
        DateOnly StartDate, DateOnly EndDate, string? Note, bool IsMenteeRequest, int? ReplacesMentorshipId = null);

    public DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
    private string? UserName => http.HttpContext?.User.Identity?.Name;
    private string? UserId => http.HttpContext?.User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value;

    /// <summary>Forms and kinds in force for a region: the region's own rows replace defaults with the same code; archived ones are left out.</summary>
    public async Task<List<MentoringForm>> FormsAsync(int regionId, CancellationToken ct = default)
    {
        // The region is chosen explicitly here (the mentorship's, not the viewer's), so the viewer-based filter is bypassed;
        // only default rows and that region's own rows are read.
        var all = await db.MentoringForms.IgnoreQueryFilters().AsNoTracking().Where(f => f.RegionId == null || f.RegionId == regionId).ToListAsync(ct);
        return [.. all.GroupBy(f => f.Code).Select(g => g.OrderByDescending(f => f.RegionId.HasValue).First()).Where(f => !f.IsArchived).OrderBy(f => f.SortOrder).ThenBy(f => f.Name)];
    }

    public async Task<List<MentoringKind>> KindsAsync(int regionId, CancellationToken ct = default)
    {
        var all = await db.MentoringKinds.IgnoreQueryFilters().AsNoTracking().Where(f => f.RegionId == null || f.RegionId == regionId).ToListAsync(ct);
        return [.. all.GroupBy(f => f.Code).Select(g => g.OrderByDescending(f => f.RegionId.HasValue).First()).Where(f => !f.IsArchived).OrderBy(f => f.SortOrder).ThenBy(f => f.Name)];
    }

    /// <summary>Checks who may be in the unit: people of this organisation, from the right bank, of kinds the form allows, each once.</summary>
    public async Task<List<string>> ValidateAsync(Draft d, CancellationToken ct = default)
    {
        var errors = new List<string>();
        var org = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == d.OrganizationId, ct);
        var form = (await FormsAsync(org.RegionId, ct)).FirstOrDefault(f => f.Id == d.FormId);
        var kind = (await KindsAsync(org.RegionId, ct)).FirstOrDefault(k => k.Id == d.KindId);
        if (form is null) errors.Add("Выберите форму наставничества из списка.");
        if (kind is null) errors.Add("Выберите вид наставничества из списка.");
        if (d.EndDate < d.StartDate) errors.Add("Дата окончания не может быть раньше даты начала.");
        var all = d.Mentors.Concat(d.Mentees).Concat(d.Peers).ToList();
        if (all.Count != all.Distinct().Count()) errors.Add("Один человек не может участвовать в паре/группе дважды или в двух ролях.");
        if (form is null || kind is null) return errors;

        if (kind.PeersOnly)
        {
            if (d.Mentors.Count > 0 || d.Mentees.Count > 0) errors.Add($"В виде «{kind.Name}» все участники — партнёры: выберите их в списке партнёров.");
            if (d.Peers.Count < Math.Max(2, kind.MinMentees)) errors.Add($"В виде «{kind.Name}» нужно не меньше {Math.Max(2, kind.MinMentees)} партнёров.");
        }
        else
        {
            if (d.Peers.Count > 0) errors.Add($"Партнёры бывают только в виде «партнёрство»; в виде «{kind.Name}» выберите наставника и наставляемых.");
            if (d.Mentors.Count == 0) errors.Add("Выберите наставника.");
            if (d.Mentees.Count < kind.MinMentees) errors.Add($"В виде «{kind.Name}» нужно не меньше {kind.MinMentees} наставляемых.");
            if (kind.MaxMentees is { } max && d.Mentees.Count > max) errors.Add($"В виде «{kind.Name}» не больше {max} наставляемых.");
        }

        var people = await db.People.AsNoTracking().Include(p => p.Mentor).Include(p => p.Mentee)
            .Where(p => all.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        foreach (var id in all.Where(id => !people.TryGetValue(id, out var p) || p.OrganizationId != d.OrganizationId).Distinct())
            errors.Add("Участник не найден в реестрах этой организации.");
        foreach (var id in d.Mentors.Where(people.ContainsKey))
        {
            var p = people[id];
            if (p.Mentor is null || p.Mentor.Status == MentorBankStatus.Inactive) errors.Add($"{p.FullName} не состоит в банке наставников.");
            else if (p.Mentor.Status == MentorBankStatus.Candidate)
                errors.Add($"{p.FullName} — кандидат в банке наставников: подтвердите его в реестре (фильтр «Статус наставника в банке»), затем включайте в пару.");
            else if (!form.FitsMentor(p.Kind)) errors.Add($"{p.FullName} ({Formats.Name(p.Kind).ToLowerInvariant()}) не может быть наставником в форме «{form.Name}».");
        }
        foreach (var id in d.Mentees.Where(people.ContainsKey))
        {
            var p = people[id];
            if (p.Mentee is null) errors.Add($"{p.FullName} не состоит в банке наставляемых.");
            else if (!form.FitsMentee(p.Kind)) errors.Add($"{p.FullName} ({Formats.Name(p.Kind).ToLowerInvariant()}) не может быть наставляемым в форме «{form.Name}».");
        }
        foreach (var id in d.Peers.Where(people.ContainsKey))
        {
            var p = people[id];
            if (!form.FitsMentor(p.Kind) && !form.FitsMentee(p.Kind)) errors.Add($"{p.FullName} не подходит для формы «{form.Name}».");
        }
        if (form.ForbidsManagerOverSubordinate)
        {
            // The registers keep no reporting lines; a head or deputy head is the line manager of every teacher of the school.
            foreach (var mentor in d.Mentors.Where(people.ContainsKey).Select(id => people[id]).Where(IsManager))
                if (d.Mentees.Any(id => people.TryGetValue(id, out var m) && m.Kind == PersonKind.Teacher))
                    errors.Add($"В форме «{form.Name}» руководитель ({mentor.FullName}) не может быть наставником своего подчинённого; выберите форму «руководитель ОО – учитель».");
        }
        return errors;
    }

    private static bool IsManager(Person p) => p.Position is { } pos && pos.Contains("директор", StringComparison.OrdinalIgnoreCase);

    public async Task<(Mentorship? Mentorship, List<string> Errors)> CreateAsync(Draft d, CancellationToken ct = default)
    {
        var errors = await ValidateAsync(d, ct);
        if (errors.Count > 0) return (null, errors);
        var org = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == d.OrganizationId, ct);
        var m = new Mentorship
        {
            OrganizationId = org.Id, MunicipalityId = org.MunicipalityId, RegionId = org.RegionId, FormId = d.FormId, KindId = d.KindId, Status = MentorshipStatus.Draft,
            StartDate = d.StartDate, EndDate = d.EndDate, RequestNote = string.IsNullOrWhiteSpace(d.Note) ? null : d.Note.Trim(), IsMenteeRequest = d.IsMenteeRequest,
            ReplacesMentorshipId = d.ReplacesMentorshipId, CreatedAt = clock.GetUtcNow().UtcDateTime, CreatedBy = UserName,
        };
        m.Participants.AddRange(d.Mentors.Select(id => new MentorshipParticipant { PersonId = id, Role = ParticipantRole.Mentor }));
        m.Participants.AddRange(d.Mentees.Select(id => new MentorshipParticipant { PersonId = id, Role = ParticipantRole.Mentee }));
        m.Participants.AddRange(d.Peers.Select(id => new MentorshipParticipant { PersonId = id, Role = ParticipantRole.Peer }));
        db.Mentorships.Add(m);
        await db.SaveChangesAsync(ct);
        audit.Add(AuditActions.Create, "mentorship", m.Id.ToString(CultureInfo.InvariantCulture), d.IsMenteeRequest ? "запрос наставляемого" : null, m.OrganizationId);
        if (d.IsMenteeRequest)
            await notifier.ToCuratorsAsync(m.OrganizationId, $"Наставляемый просит закрепить наставника (запрос №{m.Id}).", $"/mentorships/card/{m.Id}", ct);
        await db.SaveChangesAsync(ct);
        return (m, []);
    }

    /// <summary>Every move except approval (which needs the order and the locks): checks the lifecycle, keeps the history, audits, notifies.</summary>
    public async Task<string?> MoveAsync(int mentorshipId, Guid version, MentorshipStatus to, string? reason, string? result = null, CancellationToken ct = default)
    {
        if (to == MentorshipStatus.Approved) return "Утверждение — через приказ руководителя.";
        var m = await db.Mentorships.Include(x => x.Participants).FirstOrDefaultAsync(x => x.Id == mentorshipId, ct);
        if (m is null) return "Пара/группа не найдена.";
        if (m.Version != version) return ConcurrencyMessage;
        if (!MentorshipLifecycle.CanMove(m.Status, to)) return MentorshipLifecycle.Refusal(m.Status, to);
        if (MentorshipLifecycle.NeedsReason(m.Status, to) && string.IsNullOrWhiteSpace(reason)) return "Укажите причину.";
        if (to == MentorshipStatus.Proposed)
        {
            var errors = await ValidateAsync(new Draft(m.OrganizationId, m.FormId, m.KindId, Ids(m, ParticipantRole.Mentor), Ids(m, ParticipantRole.Mentee), Ids(m, ParticipantRole.Peer),
                m.StartDate, m.EndDate, null, false), ct);
            if (errors.Count > 0) return string.Join(" ", errors);
        }
        Apply(m, to, reason);
        if (to == MentorshipStatus.Completed) m.Result = string.IsNullOrWhiteSpace(result) ? m.Result : result.Trim();
        await UpdateMenteeStatusesAsync(m, ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ConcurrencyMessage;
        }
        return null;
    }

    public const string ConcurrencyMessage = "Пару/группу только что изменил другой пользователь. Обновите страницу и повторите действие.";

    private static List<int> Ids(Mentorship m, ParticipantRole r) => [.. m.Participants.Where(p => p.Role == r).Select(p => p.PersonId)];

    private void Apply(Mentorship m, MentorshipStatus to, string? reason)
    {
        var from = m.Status;
        m.Status = to;
        if (MentorshipLifecycle.Closed.Contains(to))
        {
            m.ClosedOn = Today;
            m.CloseReason = string.IsNullOrWhiteSpace(reason) ? m.CloseReason : reason.Trim();
        }
        var now = clock.GetUtcNow().UtcDateTime;
        db.MentorshipTransitions.Add(new MentorshipTransition { MentorshipId = m.Id, From = from, To = to, At = now, UserId = UserId, UserName = UserName, Reason = reason?.Trim() });
        audit.Add("mentorship." + to.ToString().ToLowerInvariant(), "mentorship", m.Id.ToString(CultureInfo.InvariantCulture), $"{from} → {to}", m.OrganizationId);
        var text = $"Наставническая пара/группа №{m.Id}: {Formats.Name(to)}" + (string.IsNullOrWhiteSpace(reason) ? "." : $". Причина: {reason.Trim()}");
        pendingNotifications.Add((m.Participants.Select(p => p.PersonId).ToList(), text, "/mentorships/my"));
    }

    private readonly List<(List<int> People, string Text, string Link)> pendingNotifications = [];

    /// <summary>Mentee bank status follows the mentorships: in one while any holds them; finished after completion; waiting otherwise.</summary>
    private async Task UpdateMenteeStatusesAsync(Mentorship m, CancellationToken ct)
    {
        foreach (var (people, text, link) in pendingNotifications) await notifier.ToPeopleAsync(people, text, link, ct);
        pendingNotifications.Clear();
        var ids = m.Participants.Where(p => p.Role != ParticipantRole.Mentor).Select(p => p.PersonId).ToList();
        var profiles = await db.MenteeProfiles.Where(p => ids.Contains(p.PersonId)).ToListAsync(ct);
        foreach (var profile in profiles)
        {
            var elsewhere = await db.Mentorships.IgnoreQueryFilters().AnyAsync(x => x.Id != m.Id && MentorshipLifecycle.Holding.Contains(x.Status)
                && x.Participants.Any(p => p.PersonId == profile.PersonId && p.Role != ParticipantRole.Mentor), ct);
            profile.Status = MentorshipLifecycle.Holding.Contains(m.Status) || elsewhere ? MenteeStatus.InMentorship
                : m.Status == MentorshipStatus.Completed ? MenteeStatus.Finished
                : m.Status == MentorshipStatus.Terminated ? MenteeStatus.Waiting : profile.Status;
        }
    }

    /// <summary>
    /// A participant withdrew their personal-data consent: the curators and the head of every pair or group still
    /// holding them are told to end it or replace the participant. The text names the pair, not the person, whose
    /// data may no longer be shown. Added to the context; saved with the withdrawal.
    /// </summary>
    public async Task ParticipantWithdrawnAsync(int personId, CancellationToken ct = default)
    {
        var pairs = await db.Mentorships.Where(m => MentorshipLifecycle.Occupying.Contains(m.Status) && m.Participants.Any(p => p.PersonId == personId))
            .Select(m => new { m.Id, m.MunicipalityId, m.OrganizationId }).ToListAsync(ct);
        foreach (var m in pairs)
            await notifier.ToRolesAsync([Platform.Auth.Role.Curator, Platform.Auth.Role.Head], m.MunicipalityId, m.OrganizationId,
                $"Участник пары (группы) №{m.Id} отозвал согласие на обработку персональных данных: завершите её досрочно или замените участника.",
                $"/mentorships/card/{m.Id}", ct);
    }

    /// <summary>
    /// Missing consents per mentorship, by name: every participant's personal-data consent, the mentors' consent to the duties,
    /// and the health-data consent of a participant with ОВЗ. That last line tells the category, so it is listed only for a
    /// viewer who may see sensitive categories of that person, unless <paramref name="all"/> (the approval itself checks everything).
    /// </summary>
    public async Task<Dictionary<int, List<string>>> MissingConsentsAsync(IReadOnlyCollection<int> mentorshipIds, bool all = false, CancellationToken ct = default)
    {
        var parts = await db.MentorshipParticipants.AsNoTracking().Where(p => mentorshipIds.Contains(p.MentorshipId))
            .Select(p => new { p.MentorshipId, p.PersonId, p.Role, p.Person!.LastName, p.Person.FirstName, p.Person.MiddleName, p.Person.RegionId, p.Person.MunicipalityId, p.Person.OrganizationId })
            .ToListAsync(ct);
        var personIds = parts.Select(p => p.PersonId).Distinct().ToList();
        var consents = await db.Consents.AsNoTracking().Where(c => personIds.Contains(c.PersonId) && c.WithdrawnAt == null).Select(c => new { c.PersonId, c.Kind }).ToListAsync(ct);
        var ovz = (await db.PersonCategories.AsNoTracking().Where(c => personIds.Contains(c.PersonId) && c.Category == MenteeCategory.Ovz).Select(c => c.PersonId).ToListAsync(ct)).ToHashSet();
        var result = mentorshipIds.ToDictionary(id => id, _ => new List<string>());
        foreach (var p in parts)
        {
            var name = p.MiddleName is null ? $"{p.LastName} {p.FirstName}" : $"{p.LastName} {p.FirstName} {p.MiddleName}";
            if (!consents.Any(c => c.PersonId == p.PersonId && c.Kind == ConsentKind.PersonalData))
                result[p.MentorshipId].Add($"{name}: нет согласия на обработку персональных данных");
            if (p.Role == ParticipantRole.Mentor && !consents.Any(c => c.PersonId == p.PersonId && c.Kind == ConsentKind.MentorDuties))
                result[p.MentorshipId].Add($"{name}: нет письменного согласия на выполнение обязанностей наставника");
            if (ovz.Contains(p.PersonId) && !consents.Any(c => c.PersonId == p.PersonId && c.Kind == ConsentKind.HealthData)
                && (all || PersonVisibility.CanSeeSensitive(db.Scope, p.RegionId, p.MunicipalityId, p.OrganizationId)))
                result[p.MentorshipId].Add($"{name}: указана категория ОВЗ, но нет согласия на обработку данных о состоянии здоровья");
        }
        return result;
    }

    /// <summary>
    /// Mentees who are in more than one pair of the same form: for each pair, the mentees already in an approved or active
    /// one, or in an earlier pair on approval (a double-submitted proposal, or a curator's pair next to a matcher's). Only
    /// the later pairs are flagged, so the first can still be approved.
    /// </summary>
    public async Task<Dictionary<int, List<string>>> DuplicateMenteesAsync(IReadOnlyCollection<int> mentorshipIds, CancellationToken ct = default)
    {
        var result = mentorshipIds.ToDictionary(id => id, _ => new List<string>());
        var mine = await db.MentorshipParticipants.AsNoTracking().Where(p => mentorshipIds.Contains(p.MentorshipId) && p.Role != ParticipantRole.Mentor)
            .Select(p => new { p.MentorshipId, p.PersonId, p.Person!.LastName, p.Person.FirstName, p.Person.MiddleName }).ToListAsync(ct);
        var personIds = mine.Select(p => p.PersonId).Distinct().ToList();
        // Other units are counted across organisations (a person's pairs elsewhere are not the viewer's to see, only their existence).
        var others = await db.MentorshipParticipants.IgnoreQueryFilters().AsNoTracking()
            .Where(p => personIds.Contains(p.PersonId) && p.Role != ParticipantRole.Mentor)
            .Join(db.Mentorships.IgnoreQueryFilters(), p => p.MentorshipId, m => m.Id, (p, m) => new { p.PersonId, m.Id, m.FormId, m.Status })
            .Where(x => x.Status == MentorshipStatus.Proposed || x.Status == MentorshipStatus.Approved || x.Status == MentorshipStatus.Active)
            .ToListAsync(ct);
        foreach (var p in mine)
        {
            var self = others.FirstOrDefault(o => o.Id == p.MentorshipId);
            if (self is null) continue;
            var clash = others.Where(o => o.PersonId == p.PersonId && o.Id != p.MentorshipId && o.FormId == self.FormId
                    && (o.Status != MentorshipStatus.Proposed || o.Id < p.MentorshipId))
                .OrderBy(o => o.Status == MentorshipStatus.Proposed).ThenBy(o => o.Id).FirstOrDefault();
            if (clash is null) continue;
            var name = p.MiddleName is null ? $"{p.LastName} {p.FirstName}" : $"{p.LastName} {p.FirstName} {p.MiddleName}";
            result[p.MentorshipId].Add(clash.Status == MentorshipStatus.Proposed
                ? $"{name} уже в паре №{clash.Id} на утверждении"
                : $"{name} уже в паре №{clash.Id} ({Formats.Name(clash.Status)})");
        }
        return result;
    }

    public sealed record ApprovalResult(ApprovalOrder? Order, List<string> Errors);

    /// <summary>
    /// Approves proposed mentorships by one order. Capacity and "one mentorship per mentee and form" are checked and
    /// the statuses changed in one transaction that first locks the participants' rows: PostgreSQL takes
    /// SELECT … FOR UPDATE on their People rows (in id order, so two approvals cannot deadlock); SQLite's
    /// transaction begins IMMEDIATE and so serialises writers. The second of two racing approvals sees the first's
    /// result. All or nothing: one failing pair fails the order.
    /// </summary>
    public async Task<ApprovalResult> ApproveAsync(int organizationId, IReadOnlyList<int> mentorshipIds, string number, DateOnly date, string? signer, CancellationToken ct = default)
    {
        var errors = new List<string>();
        number = number.Trim();
        if (mentorshipIds.Count == 0) return new(null, ["Отметьте пары/группы, которые утверждает приказ."]);
        if (number.Length == 0) return new(null, ["Укажите номер приказа."]);

        // SQLite: a serializable transaction begins IMMEDIATE (takes the write lock at once). PostgreSQL: read committed plus row locks.
        await using var tx = db.Database.IsNpgsql() ? await db.Database.BeginTransactionAsync(ct)
            : await db.Database.BeginTransactionAsync(System.Data.IsolationLevel.Serializable, ct);
        var personIds = await db.MentorshipParticipants.Where(p => mentorshipIds.Contains(p.MentorshipId)).Select(p => p.PersonId).Distinct().OrderBy(x => x).ToListAsync(ct);
        if (db.Database.IsNpgsql() && personIds.Count > 0)
        {
            var ids = personIds.ToArray();
            await db.Database.ExecuteSqlAsync($"SELECT 1 FROM \"People\" WHERE \"Id\" = ANY({ids}) ORDER BY \"Id\" FOR UPDATE", ct);
        }

        var year = date.Year;
        if (await db.ApprovalOrders.IgnoreQueryFilters().AnyAsync(o => o.OrganizationId == organizationId && o.Year == year && o.Number == number, ct))
            return new(null, [$"Приказ № {number} за {year} год уже зарегистрирован. Укажите другой номер."]);

        var list = await db.Mentorships.Include(m => m.Participants).ThenInclude(p => p.Person).Include(m => m.Form).Include(m => m.Kind)
            .Where(m => mentorshipIds.Contains(m.Id) && m.OrganizationId == organizationId).OrderBy(m => m.Id).ToListAsync(ct);
        if (list.Count != mentorshipIds.Distinct().Count()) return new(null, ["Некоторые пары/группы не найдены в этой организации."]);
        var consents = await MissingConsentsAsync(mentorshipIds.ToList(), all: true, ct);
        foreach (var m in list)
        {
            if (m.Status != MentorshipStatus.Proposed) errors.Add($"Пара/группа №{m.Id} уже не на утверждении (сейчас: {Formats.Name(m.Status)}).");
            errors.AddRange(consents[m.Id].Select(e => $"№{m.Id}: {e}"));
        }
        if (errors.Count > 0) return new(null, errors);

        // The same mentee twice in one order (a proposal submitted twice): the later pair is refused by name, before the
        // capacity check that would otherwise report a puzzling «нет свободных мест».
        var firstPair = new Dictionary<(int PersonId, int FormId), int>();
        foreach (var m in list)
            foreach (var p in m.Participants.Where(p => p.Role != ParticipantRole.Mentor))
                if (!firstPair.TryAdd((p.PersonId, m.FormId), m.Id))
                    errors.Add($"№{m.Id}: {p.Person!.FullName} уже в паре №{firstPair[(p.PersonId, m.FormId)]} этого приказа — одного наставляемого нельзя закрепить дважды. Снимите отметку с повторной пары.");
        if (errors.Count > 0) return new(null, errors);

        foreach (var m in list)
        {
            var mentees = m.Participants.Count(p => p.Role != ParticipantRole.Mentor);
            foreach (var mentor in m.Participants.Where(p => p.Role == ParticipantRole.Mentor))
            {
                var capacity = await db.MentorProfiles.Where(x => x.PersonId == mentor.PersonId).Select(x => x.Capacity).FirstOrDefaultAsync(ct);
                var used = await UsedCapacityAsync(mentor.PersonId, ct);
                if (used + mentees > capacity)
                    errors.Add($"№{m.Id}: у наставника {mentor.Person!.FullName} нет свободных мест (занято {used} из {capacity}).");
            }
            foreach (var p in m.Participants.Where(p => p.Role != ParticipantRole.Mentor))
            {
                var busy = await db.Mentorships.IgnoreQueryFilters().AnyAsync(x => x.Id != m.Id && x.FormId == m.FormId && MentorshipLifecycle.Holding.Contains(x.Status)
                    && x.Participants.Any(q => q.PersonId == p.PersonId && q.Role != ParticipantRole.Mentor), ct);
                if (busy) errors.Add($"№{m.Id}: {p.Person!.FullName} уже состоит в утверждённой паре/группе формы «{m.Form!.Name}».");
            }
            if (errors.Count > 0) return new(null, errors);
            Apply(m, MentorshipStatus.Approved, $"приказ № {number} от {Formats.Date(date)}");
            await UpdateMenteeStatusesAsync(m, ct);
            // Saved inside the transaction so the next pair's counts see this one.
            await db.SaveChangesAsync(ct);
        }

        var org = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == organizationId, ct);
        var rows = list.Select((m, i) => new ApprovalOrderDocx.Row(i + 1,
            string.Join(", ", m.Participants.Where(p => p.Role == ParticipantRole.Mentor).Select(p => p.Person!.FullName)),
            string.Join(", ", m.Participants.Where(p => p.Role != ParticipantRole.Mentor).Select(p => p.Person!.FullName)),
            m.Form!.Name, m.Kind!.Name, $"{Formats.Date(m.StartDate)} – {Formats.Date(m.EndDate)}")).ToList();
        var order = new ApprovalOrder
        {
            OrganizationId = org.Id, MunicipalityId = org.MunicipalityId, RegionId = org.RegionId, Number = number, Year = year, Date = date, SignedBy = signer,
            Document = ApprovalOrderDocx.Build(org.Name, number, date, rows, signer), CreatedAt = clock.GetUtcNow().UtcDateTime, CreatedBy = UserName,
        };
        db.ApprovalOrders.Add(order);
        await db.SaveChangesAsync(ct);
        foreach (var m in list) m.ApprovalOrderId = order.Id;
        audit.Add("order.registered", "approval-order", order.Id.ToString(CultureInfo.InvariantCulture), $"№ {number}, пар/групп: {list.Count}", org.Id);
        try
        {
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new(null, [ConcurrencyMessage]);
        }
        catch (DbUpdateException)
        {
            return new(null, [$"Приказ № {number} за {year} год уже зарегистрирован. Укажите другой номер."]);
        }
        return new(order, []);
    }

    /// <summary>Places a mentor has taken: mentees and peers of the approved and active units they lead.</summary>
    /// <summary>A mentor's places are taken by pairs in any organisation, including ones the viewer cannot see: counted without the tenant filter, only a number leaves.</summary>
    public Task<int> UsedCapacityAsync(int mentorId, CancellationToken ct = default) =>
        db.Mentorships.IgnoreQueryFilters()
            .Where(x => MentorshipLifecycle.Holding.Contains(x.Status) && x.Participants.Any(p => p.PersonId == mentorId && p.Role == ParticipantRole.Mentor))
            .SelectMany(x => x.Participants).CountAsync(p => p.Role != ParticipantRole.Mentor, ct);

    /// <summary>
    /// Замена наставника по ходатайству: the current unit is terminated with the reason, and a draft with the same
    /// mentees, form, kind and end date and the new mentor goes to the curator (it is approved by a new order).
    /// </summary>
    public async Task<(Mentorship? Created, List<string> Errors)> ReplaceMentorAsync(int mentorshipId, Guid version, int newMentorId, string? reason, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(reason)) return (null, ["Укажите причину замены наставника."]);
        var m = await db.Mentorships.AsNoTracking().Include(x => x.Participants).FirstOrDefaultAsync(x => x.Id == mentorshipId, ct);
        if (m is null) return (null, ["Пара/группа не найдена."]);
        if (!MentorshipLifecycle.Holding.Contains(m.Status)) return (null, ["Заменить наставника можно только в утверждённой или действующей паре/группе."]);
        if (m.Participants.Any(p => p.PersonId == newMentorId)) return (null, ["Выберите другого наставника."]);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var draft = new Draft(m.OrganizationId, m.FormId, m.KindId, [newMentorId], Ids(m, ParticipantRole.Mentee), Ids(m, ParticipantRole.Peer),
            Today > m.StartDate ? Today : m.StartDate, m.EndDate, "Замена наставника: " + reason.Trim(), false, m.Id);
        var errors = await ValidateAsync(draft, ct);
        if (errors.Count > 0) return (null, errors);
        var error = await MoveAsync(m.Id, version, MentorshipStatus.Terminated, "замена наставника: " + reason.Trim(), ct: ct);
        if (error is not null) return (null, [error]);
        var (created, e2) = await CreateAsync(draft, ct);
        if (created is null) return (null, e2);
        await tx.CommitAsync(ct);
        return (created, []);
    }

    /// <summary>How long a unit has existed, for the replacement and termination forms ("пара существовала 3 мес. 12 дн.").</summary>
    public static string Duration(DateOnly from, DateOnly to)
    {
        if (to < from) return "ещё не началась";
        var months = (to.Year - from.Year) * 12 + to.Month - from.Month;
        if (from.AddMonths(months) > to) months--;
        var days = to.DayNumber - from.AddMonths(months).DayNumber;
        return months > 0 ? $"{months} мес. {days} дн." : $"{days} дн.";
    }
}
