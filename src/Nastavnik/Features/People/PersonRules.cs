using Nastavnik.Features.Consents;
using Nastavnik.Features.Organizations;
using Error = Nastavnik.Features.People.PersonRegistration.Error;

namespace Nastavnik.Features.People;

/// <summary>
/// The rules of <see cref="PersonRegistration"/> as pure functions, so the form, the API and the bulk import
/// (which cannot afford a database round trip per row) apply exactly the same checks and the same
/// normalisation. What needs the database (is this a partner organisation? are these competencies in the
/// catalogue?) comes in as answers the caller has already looked up.
/// </summary>
public static class PersonRules
{
    /// <summary>
    /// Checks a person's data. <paramref name="canSetSensitive"/>: may this user set sensitive categories in the
    /// person's organisation; <paramref name="partnerKnown"/>: the partner organisation id (if any) names a
    /// partner; <paramref name="strengthsKnown"/>: every strength id (if any) is in the catalogue.
    /// </summary>
    public static List<Error> Check(PersonInput i, DateOnly today, bool canSetSensitive, bool partnerKnown, bool strengthsKnown)
    {
        var errors = new List<Error>();
        Check(i, today, canSetSensitive, partnerKnown, strengthsKnown, errors);
        return errors;
    }

    /// <summary>The same checks, adding to <paramref name="errors"/> (the import reuses one list for a million rows).</summary>
    public static void Check(PersonInput i, DateOnly today, bool canSetSensitive, bool partnerKnown, bool strengthsKnown, List<Error> errors)
    {
        if (i.BirthDate is { } b && (b > today || b < today.AddYears(-100))) errors.Add(new("BirthDate", "Проверьте дату рождения."));
        if (i.Kind == PersonKind.Pupil && i.BirthDate is null) errors.Add(new("BirthDate", "Для обучающегося укажите дату рождения: от неё зависит, кто даёт согласие."));
        if (i.PreferredAgeFrom > i.PreferredAgeTo) errors.Add(new("PreferredAgeTo", "Возраст «до» меньше возраста «от»."));
        if (i.PedagogicalExperienceYears > i.TotalExperienceYears) errors.Add(new("PedagogicalExperienceYears", "Педагогический стаж не может быть больше общего."));
        if (i.AgreementEnd < i.AgreementDate) errors.Add(new("AgreementEnd", "Договор не может закончиться раньше, чем заключён."));
        if (i.Kind == PersonKind.External && i.PartnerOrganizationId is null) errors.Add(new("PartnerOrganizationId", "Укажите организацию-партнёра, откуда приглашён специалист."));
        if (i.PartnerOrganizationId is not null && !partnerKnown) errors.Add(new("PartnerOrganizationId", "Выберите организацию-партнёра из списка."));
        if (!canSetSensitive && i.Categories.Any(MenteeCategories.IsSensitive))
            errors.Add(new("Categories", "У вас нет права указывать чувствительные категории (ОВЗ, сироты, ТЖС, малоимущие)."));
        // Health data are a special category (152-ФЗ art. 10): ОВЗ is stored only with its own written consent.
        if (i.Categories.Contains(MenteeCategory.Ovz) && !i.HealthConsent) errors.Add(new("Categories", HealthConsentMissing));
        if (i.IsMentor && i.StrengthIds.Count > 0 && !strengthsKnown) errors.Add(new("StrengthIds", "Выберите компетенции из каталога."));
    }

    public const string HealthConsentMissing = "ОВЗ: нет согласия на обработку данных о здоровье. Отметьте отдельное согласие при внесении участника или зарегистрируйте его в карточке участника, раздел «Согласия».";

    /// <summary>No entry without a signed consent; a minor's consent is given by a guardian with the basis of authority.</summary>
    public static List<Error> CheckConsent(bool isMinor, ConsentInput c, DateOnly today)
    {
        var errors = new List<Error>();
        CheckConsent(isMinor, c, today, errors);
        return errors;
    }

    public static void CheckConsent(bool isMinor, ConsentInput c, DateOnly today, List<Error> errors)
    {
        if (!c.Confirmed) errors.Add(new("Consent.Confirmed", "Без подписанного согласия на обработку персональных данных человека нельзя внести в реестр."));
        if (c.SignedOn is null) errors.Add(new("Consent.SignedOn", "Укажите дату подписания согласия."));
        else if (c.SignedOn > today) errors.Add(new("Consent.SignedOn", "Дата подписания не может быть в будущем."));
        if (isMinor)
        {
            if (c.GivenBy != ConsentGiver.Guardian)
                errors.Add(new("Consent.GivenBy", "За несовершеннолетнего согласие даёт законный представитель."));
            if (string.IsNullOrWhiteSpace(c.GuardianName)) errors.Add(new("Consent.GuardianName", "Укажите ФИО законного представителя, подписавшего согласие."));
            if (string.IsNullOrWhiteSpace(c.GuardianAuthority)) errors.Add(new("Consent.GuardianAuthority", "Укажите основание полномочий (например, «родитель, свидетельство о рождении»)."));
        }
    }

    /// <summary>Copies checked input onto the entity (names capitalised, blanks as null, profiles opened or closed).</summary>
    public static void Apply(Person p, PersonInput i, bool sensitive, DateOnly today)
    {
        p.LastName = PersonRegistration.Name(i.LastName!);
        p.FirstName = PersonRegistration.Name(i.FirstName!);
        p.MiddleName = Clean(i.MiddleName) is { } mid ? PersonRegistration.Name(mid) : null;
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
        var keep = sensitive || p.Categories.Count == 0 ? null : p.Categories.Where(c => MenteeCategories.IsSensitive(c.Category)).Select(c => c.Category).ToList();
        p.Categories.Clear();
        foreach (var c in i.Categories) AddCategory(p, c);
        if (keep is not null) foreach (var c in keep) AddCategory(p, c);

        if (i.IsMentor)
        {
            p.Mentor ??= new MentorProfile { EnteredOn = today };
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
            foreach (var id in i.StrengthIds)
                if (!p.Mentor.Strengths.Exists(s => s.CompetencyId == id)) p.Mentor.Strengths.Add(new MentorStrength { CompetencyId = id });
        }
        else if (p.Mentor is not null) p.Mentor.Status = MentorBankStatus.Inactive;

        if (i.IsMentee)
        {
            p.Mentee ??= new MenteeProfile { EnteredOn = today };
            p.Mentee.Request = Clean(i.Request);
            p.Mentee.Expectations = Clean(i.Expectations);
            p.Mentee.Status = i.MenteeStatus ?? MenteeStatus.Waiting;
        }
        else if (p.Mentee is not null) p.Mentee.Status = MenteeStatus.Finished;
    }

    private static void AddCategory(Person p, MenteeCategory c)
    {
        if (!p.Categories.Exists(x => x.Category == c)) p.Categories.Add(new PersonCategory { Category = c });
    }

    /// <summary>The wording the consent was signed on: what the form says, the default text where it says nothing.</summary>
    public static ConsentTexts.Wording Wording(ConsentInput c)
    {
        var d = ConsentTexts.For(ConsentKind.PersonalData);
        return new(Clean(c.Purpose) ?? d.Purpose, Clean(c.DataList) ?? d.DataList, Clean(c.Actions) ?? d.Actions, Clean(c.Term) ?? d.Term,
            Clean(c.WithdrawalProcedure) ?? d.WithdrawalProcedure);
    }

    /// <summary>The personal-data consent record: the stored wording it was signed on (<see cref="Wording"/>), the operator, who signed and when.</summary>
    public static Consent NewConsent(int personId, Organization org, ConsentInput c, ConsentText text, DateTime recordedAtUtc, string? recordedBy) =>
        NewConsent(personId, Operator(org), c, text, recordedAtUtc, recordedBy);

    /// <summary>The same, with the operator's name already made by <see cref="Operator"/> (once per organisation in an import).</summary>
    public static Consent NewConsent(int personId, string op, ConsentInput c, ConsentText text, DateTime recordedAtUtc, string? recordedBy) => new()
    {
        PersonId = personId, Kind = ConsentKind.PersonalData, GivenBy = c.GivenBy,
        GuardianName = Clean(c.GuardianName), GuardianAuthority = Clean(c.GuardianAuthority),
        Operator = op, TextId = text.Id, Text = text,
        SignedOn = c.SignedOn!.Value, RecordedAt = recordedAtUtc, RecordedBy = recordedBy,
    };

    /// <summary>The health-data consent given together with the main one (<see cref="ConsentInput.HealthData"/>): same signer, same day, the default wording.</summary>
    public static Consent NewHealthConsent(Consent main, ConsentText text) => new()
    {
        PersonId = main.PersonId, Kind = ConsentKind.HealthData, GivenBy = main.GivenBy, GuardianName = main.GuardianName, GuardianAuthority = main.GuardianAuthority,
        Operator = main.Operator, TextId = text.Id, Text = text, SignedOn = main.SignedOn, RecordedAt = main.RecordedAt, RecordedBy = main.RecordedBy,
    };

    public static string Operator(Organization org) => org.Name + (org.Address is { } a ? ", " + a : "");

    internal static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
