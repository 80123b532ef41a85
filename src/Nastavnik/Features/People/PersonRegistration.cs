using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Features.Consents;
using Nastavnik.Features.Organizations;
using Nastavnik.Platform.Audit;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Features.People;

/// <summary>
/// Creating and changing people, shared by the page, the API and the import so the rules hold everywhere:
/// no entry without a personal-data consent (a minor's given by a guardian), sensitive categories only
/// from those allowed to see them, capacity ≥ 1, writes in one transaction with an audit line.
/// Errors come back as (field, Russian message) pairs for the caller to show next to the field.
/// </summary>
public sealed class PersonRegistration(AppDbContext db, AuditLog audit, TimeProvider clock, IHttpContextAccessor http, IAuthorizationService auth)
{
    public sealed record Error(string Field, string Message);

    public DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

    public async Task<(Person? Person, List<Error> Errors)> CreateAsync(PersonInput input, ConsentInput consent, CancellationToken ct = default)
    {
        var errors = new List<Error>();
        var org = await db.Organizations.FirstOrDefaultAsync(o => o.Id == input.OrganizationId && !o.IsArchived, ct);
        if (org is null || !await CanWriteAsync(org))
        {
            errors.Add(new("OrganizationId", "Выберите организацию из списка."));
            return (null, errors);
        }
        var person = new Person { LastName = "", FirstName = "", OrganizationId = org.Id, MunicipalityId = org.MunicipalityId, RegionId = org.RegionId, EnteredOn = Today };
        errors.AddRange(await ApplyAsync(person, input, ct));
        errors.AddRange(CheckConsent(person, consent));
        if (errors.Count > 0) return (null, errors);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.People.Add(person);
        await db.SaveChangesAsync(ct);
        db.Consents.Add(NewConsent(person, org, consent));
        audit.Add(AuditActions.Create, "person", person.Id.ToString(), null, org.Id);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return (person, errors);
    }

    public async Task<List<Error>> UpdateAsync(Person person, PersonInput input, CancellationToken ct = default)
    {
        if (input.OrganizationId is { } target && target != person.OrganizationId)
        {
            // Moving a person to another organisation (a teacher changed school) needs write rights on both ends.
            var org = await db.Organizations.FirstOrDefaultAsync(o => o.Id == target && !o.IsArchived, ct);
            if (org is null || !await CanWriteAsync(org)) return [new("OrganizationId", "Выберите организацию из списка.")];
            person.OrganizationId = org.Id;
            person.MunicipalityId = org.MunicipalityId;
            person.RegionId = org.RegionId;
        }
        var errors = await ApplyAsync(person, input, ct);
        if (errors.Count > 0) return errors;
        db.Entry(person).Property(x => x.Version).OriginalValue = input.Version ?? Guid.Empty;
        audit.Add(AuditActions.Update, "person", person.Id.ToString(), null, person.OrganizationId);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            errors.Add(new("", "Пока вы редактировали, карточку изменил другой пользователь. Обновите страницу и внесите изменения ещё раз."));
        }
        return errors;
    }

    public async Task<bool> CanWriteAsync(Organization org) =>
        http.HttpContext is not { } ctx || (await auth.AuthorizeAsync(ctx.User, org, new TenantOperation(Permissions.PeopleWrite))).Succeeded;

    private List<Error> CheckConsent(Person person, ConsentInput c)
    {
        var errors = new List<Error>();
        if (!c.Confirmed) errors.Add(new("Consent.Confirmed", "Без подписанного согласия на обработку персональных данных человека нельзя внести в реестр."));
        if (c.SignedOn is null) errors.Add(new("Consent.SignedOn", "Укажите дату подписания согласия."));
        else if (c.SignedOn > Today) errors.Add(new("Consent.SignedOn", "Дата подписания не может быть в будущем."));
        if (person.IsMinorOn(Today))
        {
            if (c.GivenBy != ConsentGiver.Guardian)
                errors.Add(new("Consent.GivenBy", "За несовершеннолетнего согласие даёт законный представитель."));
            if (string.IsNullOrWhiteSpace(c.GuardianName)) errors.Add(new("Consent.GuardianName", "Укажите ФИО законного представителя, подписавшего согласие."));
            if (string.IsNullOrWhiteSpace(c.GuardianAuthority)) errors.Add(new("Consent.GuardianAuthority", "Укажите основание полномочий (например, «родитель, свидетельство о рождении»)."));
        }
        return errors;
    }

    private Consent NewConsent(Person person, Organization org, ConsentInput c)
    {
        var d = ConsentTexts.For(ConsentKind.PersonalData);
        return new Consent
        {
            PersonId = person.Id, Kind = ConsentKind.PersonalData, GivenBy = c.GivenBy,
            GuardianName = Clean(c.GuardianName), GuardianAuthority = Clean(c.GuardianAuthority),
            Operator = org.Name + (org.Address is { } a ? ", " + a : ""),
            Purpose = Clean(c.Purpose) ?? d.Purpose, DataList = Clean(c.DataList) ?? d.DataList, Actions = Clean(c.Actions) ?? d.Actions,
            Term = Clean(c.Term) ?? d.Term, WithdrawalProcedure = Clean(c.WithdrawalProcedure) ?? d.WithdrawalProcedure,
            SignedOn = c.SignedOn!.Value, RecordedAt = clock.GetUtcNow().UtcDateTime, RecordedBy = http.HttpContext?.User.Identity?.Name,
        };
    }

    private async Task<List<Error>> ApplyAsync(Person p, PersonInput i, CancellationToken ct)
    {
        var errors = new List<Error>();
        var sensitive = PersonVisibility.CanSeeSensitive(db.Scope, p.RegionId, p.MunicipalityId, p.OrganizationId);
        if (i.BirthDate is { } b && (b > Today || b < Today.AddYears(-100))) errors.Add(new("BirthDate", "Проверьте дату рождения."));
        if (i.Kind == PersonKind.Pupil && i.BirthDate is null) errors.Add(new("BirthDate", "Для обучающегося укажите дату рождения: от неё зависит, кто даёт согласие."));
        if (i.PreferredAgeFrom > i.PreferredAgeTo) errors.Add(new("PreferredAgeTo", "Возраст «до» меньше возраста «от»."));
        if (i.PedagogicalExperienceYears > i.TotalExperienceYears) errors.Add(new("PedagogicalExperienceYears", "Педагогический стаж не может быть больше общего."));
        if (i.AgreementEnd < i.AgreementDate) errors.Add(new("AgreementEnd", "Договор не может закончиться раньше, чем заключён."));
        if (i.Kind == PersonKind.External && i.PartnerOrganizationId is null) errors.Add(new("PartnerOrganizationId", "Укажите организацию-партнёра, откуда приглашён специалист."));
        if (i.PartnerOrganizationId is { } partnerId && !await db.Organizations.AnyAsync(o => o.Id == partnerId && o.Kind == OrganizationKind.Partner, ct))
            errors.Add(new("PartnerOrganizationId", "Выберите организацию-партнёра из списка."));
        if (!sensitive && i.Categories.Any(MenteeCategories.IsSensitive))
            errors.Add(new("Categories", "У вас нет права указывать чувствительные категории (ОВЗ, сироты, ТЖС, малоимущие)."));
        if (i.IsMentor && i.StrengthIds.Count > 0)
        {
            var known = await db.Competencies.Where(c => i.StrengthIds.Contains(c.Id)).Select(c => c.Id).ToListAsync(ct);
            if (known.Count != i.StrengthIds.Distinct().Count()) errors.Add(new("StrengthIds", "Выберите компетенции из каталога."));
        }
        if (errors.Count > 0) return errors;

        p.LastName = Name(i.LastName!);
        p.FirstName = Name(i.FirstName!);
        p.MiddleName = Clean(i.MiddleName) is { } mid ? Name(mid) : null;
        p.BirthDate = i.BirthDate;
        p.Email = Clean(i.Email);
        p.Phone = Clean(i.Phone);
        p.Kind = i.Kind!.Value;
        p.ClassName = Clean(i.ClassName);
        p.StudyGroup = Clean(i.StudyGroup);
        p.PartnerOrganizationId = i.PartnerOrganizationId;
        p.AgreementNumber = Clean(i.AgreementNumber);
        p.AgreementDate = i.AgreementDate;
        p.AgreementEnd = i.AgreementEnd;
        p.Position = Clean(i.Position);
        p.Subjects = Clean(i.Subjects);
        p.TotalExperienceYears = i.TotalExperienceYears;
        p.PedagogicalExperienceYears = i.PedagogicalExperienceYears;
        p.Qualification = i.Qualification;
        p.HasPedagogicalEducation = i.HasPedagogicalEducation;
        p.Courses = Clean(i.Courses);
        if (sensitive)
        {
            // Those who cannot see the guardian's contacts cannot blank them by saving the form either.
            p.GuardianName = Clean(i.GuardianName);
            p.GuardianPhone = Clean(i.GuardianPhone);
            p.GuardianEmail = Clean(i.GuardianEmail);
            p.GuardianBasis = Clean(i.GuardianBasis);
        }
        var keep = sensitive ? [] : p.Categories.Where(c => MenteeCategories.IsSensitive(c.Category)).Select(c => c.Category).ToList();
        p.Categories.Clear();
        foreach (var c in i.Categories.Concat(keep).Distinct()) p.Categories.Add(new PersonCategory { Category = c });

        if (i.IsMentor)
        {
            p.Mentor ??= new MentorProfile { EnteredOn = Today };
            p.Mentor.Achievements = Clean(i.Achievements);
            p.Mentor.Interests = Clean(i.Interests);
            p.Mentor.PreferredMentees = Clean(i.PreferredMentees);
            p.Mentor.PreferredAgeFrom = i.PreferredAgeFrom;
            p.Mentor.PreferredAgeTo = i.PreferredAgeTo;
            p.Mentor.HoursPerMonth = i.HoursPerMonth;
            p.Mentor.Capacity = i.Capacity ?? 1;
            p.Mentor.Training = Clean(i.Training);
            p.Mentor.Status = i.MentorStatus ?? MentorBankStatus.Candidate;
            p.Mentor.Strengths.Clear();
            foreach (var id in i.StrengthIds.Distinct()) p.Mentor.Strengths.Add(new MentorStrength { CompetencyId = id });
        }
        else if (p.Mentor is not null) p.Mentor.Status = MentorBankStatus.Inactive;

        if (i.IsMentee)
        {
            p.Mentee ??= new MenteeProfile { EnteredOn = Today };
            p.Mentee.Request = Clean(i.Request);
            p.Mentee.Expectations = Clean(i.Expectations);
            p.Mentee.Status = i.MenteeStatus ?? MenteeStatus.Waiting;
        }
        else if (p.Mentee is not null) p.Mentee.Status = MenteeStatus.Finished;
        return errors;
    }

    public static PersonInput ToInput(Person p, bool sensitive) => new()
    {
        OrganizationId = p.OrganizationId, LastName = p.LastName, FirstName = p.FirstName, MiddleName = p.MiddleName, BirthDate = p.BirthDate,
        Email = p.Email, Phone = p.Phone, Kind = p.Kind, ClassName = p.ClassName, StudyGroup = p.StudyGroup, PartnerOrganizationId = p.PartnerOrganizationId,
        AgreementNumber = p.AgreementNumber, AgreementDate = p.AgreementDate, AgreementEnd = p.AgreementEnd, Position = p.Position, Subjects = p.Subjects,
        TotalExperienceYears = p.TotalExperienceYears, PedagogicalExperienceYears = p.PedagogicalExperienceYears, Qualification = p.Qualification,
        HasPedagogicalEducation = p.HasPedagogicalEducation, Courses = p.Courses,
        GuardianName = sensitive ? p.GuardianName : null, GuardianPhone = sensitive ? p.GuardianPhone : null,
        GuardianEmail = sensitive ? p.GuardianEmail : null, GuardianBasis = sensitive ? p.GuardianBasis : null,
        Categories = [.. PersonVisibility.Visible(p.Categories.Select(c => c.Category), sensitive)],
        IsMentor = p.Mentor is { Status: not MentorBankStatus.Inactive }, StrengthIds = p.Mentor?.Strengths.Select(s => s.CompetencyId).ToList() ?? [],
        Achievements = p.Mentor?.Achievements, Interests = p.Mentor?.Interests, PreferredMentees = p.Mentor?.PreferredMentees,
        PreferredAgeFrom = p.Mentor?.PreferredAgeFrom, PreferredAgeTo = p.Mentor?.PreferredAgeTo, HoursPerMonth = p.Mentor?.HoursPerMonth,
        Capacity = p.Mentor?.Capacity, Training = p.Mentor?.Training, MentorStatus = p.Mentor?.Status,
        IsMentee = p.Mentee is { Status: not MenteeStatus.Finished }, Request = p.Mentee?.Request, Expectations = p.Mentee?.Expectations, MenteeStatus = p.Mentee?.Status,
        Version = p.Version,
    };

    private static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    /// <summary>"иванова" → "Иванова": registers are searched and sorted by name, so the case is made uniform.</summary>
    internal static string Name(string s)
    {
        var t = string.Join(' ', s.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return t.Length == 0 ? t : char.ToUpper(t[0], Platform.Web.WebHost.Russian) + t[1..];
    }
}
