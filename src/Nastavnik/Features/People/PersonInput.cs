using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Nastavnik.Features.Consents;

namespace Nastavnik.Features.People;

/// <summary>What a curator types about a person (page, API and import share it). Entities never bind from requests.</summary>
public sealed class PersonInput
{
    [Display(Name = "Организация"), Required] public int? OrganizationId { get; set; }
    [Display(Name = "Фамилия"), Required, StringLength(100)] public string? LastName { get; set; }
    [Display(Name = "Имя"), Required, StringLength(100)] public string? FirstName { get; set; }
    [Display(Name = "Отчество"), StringLength(100)] public string? MiddleName { get; set; }
    [Display(Name = "Дата рождения")] public DateOnly? BirthDate { get; set; }
    [Display(Name = "Электронная почта"), EmailAddress, StringLength(200)] public string? Email { get; set; }
    [Display(Name = "Телефон"), StringLength(50)] public string? Phone { get; set; }
    [Display(Name = "Кто это"), Required] public PersonKind? Kind { get; set; }
    [Display(Name = "Класс"), StringLength(20)] public string? ClassName { get; set; }
    [Display(Name = "Группа"), StringLength(50)] public string? StudyGroup { get; set; }
    [Display(Name = "Организация-партнёр")] public int? PartnerOrganizationId { get; set; }
    [Display(Name = "Номер договора о сотрудничестве"), StringLength(50)] public string? AgreementNumber { get; set; }
    [Display(Name = "Дата договора")] public DateOnly? AgreementDate { get; set; }
    [Display(Name = "Договор действует до")] public DateOnly? AgreementEnd { get; set; }
    [Display(Name = "Должность"), StringLength(200)] public string? Position { get; set; }
    [Display(Name = "Преподаваемые предметы"), StringLength(500)] public string? Subjects { get; set; }
    [Display(Name = "Общий стаж, лет"), Range(0, 70)] public int? TotalExperienceYears { get; set; }
    [Display(Name = "Педагогический стаж, лет"), Range(0, 70)] public int? PedagogicalExperienceYears { get; set; }
    [Display(Name = "Квалификационная категория")] public QualificationCategory? Qualification { get; set; }
    [Display(Name = "Педагогическое образование")] public bool? HasPedagogicalEducation { get; set; }
    [Display(Name = "Пройденные курсы (КПК)"), StringLength(2000)] public string? Courses { get; set; }
    [Display(Name = "ФИО законного представителя"), StringLength(300)] public string? GuardianName { get; set; }
    [Display(Name = "Телефон представителя"), StringLength(50)] public string? GuardianPhone { get; set; }
    [Display(Name = "Эл. почта представителя"), EmailAddress, StringLength(200)] public string? GuardianEmail { get; set; }
    [Display(Name = "Основание полномочий представителя"), StringLength(300)] public string? GuardianBasis { get; set; }
    [Display(Name = "Категории")] public List<MenteeCategory> Categories { get; set; } = [];

    [Display(Name = "В банке наставников")] public bool IsMentor { get; set; }
    [Display(Name = "Компетенции (сильные стороны)")] public List<int> StrengthIds { get; set; } = [];
    [Display(Name = "Достижения"), StringLength(2000)] public string? Achievements { get; set; }
    [Display(Name = "Интересы"), StringLength(1000)] public string? Interests { get; set; }
    [Display(Name = "Кого готов наставлять"), StringLength(1000)] public string? PreferredMentees { get; set; }
    [Display(Name = "Желаемый возраст наставляемых: от"), Range(5, 80)] public int? PreferredAgeFrom { get; set; }
    [Display(Name = "до"), Range(5, 80)] public int? PreferredAgeTo { get; set; }
    [Display(Name = "Ресурс времени, часов в месяц"), Range(0, 200)] public int? HoursPerMonth { get; set; }
    [Display(Name = "Сколько наставляемых может вести"), Range(1, 30)] public int? Capacity { get; set; }
    [Display(Name = "Обучение наставников"), StringLength(1000)] public string? Training { get; set; }
    [Display(Name = "Статус в банке наставников")] public MentorBankStatus? MentorStatus { get; set; }

    [Display(Name = "В банке наставляемых")] public bool IsMentee { get; set; }
    [Display(Name = "Запрос (с чем нужна помощь)"), StringLength(2000)] public string? Request { get; set; }
    [Display(Name = "Ожидания"), StringLength(2000)] public string? Expectations { get; set; }
    [Display(Name = "Статус наставляемого")] public MenteeStatus? MenteeStatus { get; set; }

    public Guid? Version { get; set; }

    /// <summary>
    /// Set by the server, never bound from a form or JSON: the person has an active consent to health data, without which
    /// ОВЗ is not stored (<see cref="PersonRules.Check(PersonInput, DateOnly, bool, bool, bool)"/>).
    /// </summary>
    [BindNever, JsonIgnore] public bool HealthConsent { get; set; }
}

/// <summary>The personal-data consent recorded together with a new person: no consent, no entry.</summary>
public sealed class ConsentInput
{
    [Display(Name = "Дата подписания согласия"), Required] public DateOnly? SignedOn { get; set; }
    [Display(Name = "Кто подписал")] public ConsentGiver GivenBy { get; set; }
    [Display(Name = "ФИО законного представителя"), StringLength(300)] public string? GuardianName { get; set; }
    [Display(Name = "Основание полномочий (документ)"), StringLength(300)] public string? GuardianAuthority { get; set; }
    [Display(Name = "Цель обработки"), StringLength(1000)] public string? Purpose { get; set; }
    [Display(Name = "Перечень данных"), StringLength(2000)] public string? DataList { get; set; }
    [Display(Name = "Действия с данными"), StringLength(1000)] public string? Actions { get; set; }
    [Display(Name = "Срок действия"), StringLength(300)] public string? Term { get; set; }
    [Display(Name = "Порядок отзыва"), StringLength(1000)] public string? WithdrawalProcedure { get; set; }
    [Display(Name = "Согласие подписано и хранится в организации"), Range(typeof(bool), "true", "true", ErrorMessage = "Без подписанного согласия человека нельзя внести в реестр.")]
    public bool Confirmed { get; set; }
    /// <summary>A separate consent to health data (ОВЗ), signed by the same person on the same day, recorded together with the main one.</summary>
    [Display(Name = "Получено отдельное согласие на обработку данных о состоянии здоровья")] public bool HealthData { get; set; }
}
