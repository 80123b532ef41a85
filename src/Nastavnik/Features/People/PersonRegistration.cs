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
        input.HealthConsent = consent.HealthData;
        errors.AddRange(await ApplyAsync(person, input, ct));
        errors.AddRange(CheckConsent(person, consent));
        if (errors.Count > 0) return (null, errors);
        if (await FindDuplicateAsync(org.Id, person.LastName, person.FirstName, person.MiddleName, person.BirthDate, ct) is not null)
        {
            errors.Add(new("", DuplicateMessage));
            return (null, errors);
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.People.Add(person);
        await db.SaveChangesAsync(ct);
        var text = await ConsentTexts.ResolveAsync(db, ConsentKind.PersonalData, PersonRules.Wording(consent), ct);
        var main = NewConsent(person, org, consent, text);
        db.Consents.Add(main);
        if (consent.HealthData)
        {
            db.Consents.Add(PersonRules.NewHealthConsent(main, await ConsentTexts.ResolveAsync(db, ConsentKind.HealthData, ConsentTexts.For(ConsentKind.HealthData), ct)));
            audit.Add(AuditActions.Create, "consent", person.Id.ToString(), nameof(ConsentKind.HealthData), org.Id);
        }
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
        input.HealthConsent = await HasHealthConsentAsync(person.Id, ct);
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

    public const string DuplicateMessage = "Такой участник уже есть в реестре организации (те же ФИО и дата рождения): второй раз его не вносим. Откройте его карточку и при необходимости отредактируйте.";

    /// <summary>
    /// The person already registered under the import's natural key (docs/import.md): organisation + ФИО compared without
    /// case, with ё = е and spaces collapsed, + date of birth (without a date, ФИО alone). Stops a second identical person
    /// from a resubmitted form (the browser's Back and «Сохранить» again). Read through the organisation index: a school's few thousand rows.
    /// </summary>
    public async Task<Person?> FindDuplicateAsync(int organizationId, string lastName, string firstName, string? middleName, DateOnly? birthDate, CancellationToken ct = default)
    {
        var key = PeopleImporter.FioKey(organizationId, lastName, firstName, middleName);
        var candidates = await db.People.AsNoTracking().Where(p => p.OrganizationId == organizationId && p.BirthDate == birthDate)
            .Select(p => new { p.Id, p.LastName, p.FirstName, p.MiddleName }).ToListAsync(ct);
        var id = candidates.FirstOrDefault(c => PeopleImporter.FioKey(organizationId, c.LastName, c.FirstName, c.MiddleName) == key)?.Id;
        return id is null ? null : await db.People.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
    }

    public Task<bool> HasHealthConsentAsync(int personId, CancellationToken ct = default) =>
        db.Consents.AnyAsync(c => c.PersonId == personId && c.Kind == ConsentKind.HealthData && c.WithdrawnAt == null, ct);

    public async Task<bool> CanWriteAsync(Organization org) =>
        http.HttpContext is not { } ctx || (await auth.AuthorizeAsync(ctx.User, org, new TenantOperation(Permissions.PeopleWrite))).Succeeded;

    private List<Error> CheckConsent(Person person, ConsentInput c) => PersonRules.CheckConsent(person.IsMinorOn(Today), c, Today);

    private Consent NewConsent(Person person, Organization org, ConsentInput c, ConsentText text) =>
        PersonRules.NewConsent(person.Id, org, c, text, clock.GetUtcNow().UtcDateTime, http.HttpContext?.User.Identity?.Name);

    private async Task<List<Error>> ApplyAsync(Person p, PersonInput i, CancellationToken ct)
    {
        var sensitive = PersonVisibility.CanSeeSensitive(db.Scope, p.RegionId, p.MunicipalityId, p.OrganizationId);
        var partnerKnown = i.PartnerOrganizationId is not { } partnerId
            || await db.Organizations.AnyAsync(o => o.Id == partnerId && o.Kind == OrganizationKind.Partner, ct);
        var strengthsKnown = true;
        if (i.IsMentor && i.StrengthIds.Count > 0)
        {
            var known = await db.Competencies.Where(c => i.StrengthIds.Contains(c.Id)).Select(c => c.Id).ToListAsync(ct);
            strengthsKnown = known.Count == i.StrengthIds.Distinct().Count();
        }
        var errors = PersonRules.Check(i, Today, sensitive, partnerKnown, strengthsKnown);
        if (errors.Count > 0) return errors;
        PersonRules.Apply(p, i, sensitive, Today);
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
        // The stored ОВЗ was accepted with a health consent, and withdrawing that consent removes ОВЗ (the card), so the import's
        // re-read of an existing person keeps it; a form's edit replaces this with the consents in the database (UpdateAsync).
        HealthConsent = p.Categories.Any(c => c.Category == MenteeCategory.Ovz),
    };

    /// <summary>"иванова" → "Иванова": registers are searched and sorted by name, so the case is made uniform.</summary>
    internal static string Name(string s)
    {
        if (IsTidy(s)) return s;
        var t = string.Join(' ', s.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return t.Length == 0 ? t : char.ToUpper(t[0], Platform.Web.WebHost.Russian) + t[1..];
    }

    /// <summary>Already what <see cref="Name"/> makes of it (the usual case in an import): capitalised, single plain spaces, none at the ends.</summary>
    private static bool IsTidy(string s)
    {
        if (s.Length == 0 || char.ToUpper(s[0], Platform.Web.WebHost.Russian) != s[0]) return false;
        for (var i = 0; i < s.Length; i++)
        {
            var ch = s[i];
            if (!char.IsWhiteSpace(ch)) continue;
            if (ch != ' ' || i == 0 || i == s.Length - 1 || s[i + 1] == ' ' || char.IsWhiteSpace(s[i + 1])) return false;
        }
        return true;
    }
}
