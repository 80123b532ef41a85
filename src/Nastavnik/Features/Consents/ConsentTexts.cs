using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;

namespace Nastavnik.Features.Consents;

/// <summary>
/// Default wording of each consent kind, pre-filled into the form and the printable DOCX. The curator may edit
/// it per person; what was actually agreed is stored as a <see cref="ConsentText"/> the consent points at.
/// </summary>
public static class ConsentTexts
{
    public sealed record Wording(string Purpose, string DataList, string Actions, string Term, string WithdrawalProcedure);

    /// <summary>
    /// The stored wording equal to <paramref name="wording"/>, or a new one (the next version of the kind, added to
    /// the context, saved with the caller's next SaveChanges). Wordings are few (the defaults and the rare edited
    /// form), so the comparison of full texts scans a handful of rows. Two requests storing the same new wording at
    /// the same moment may both add it: two identical rows are harmless, each consent still points at what was signed.
    /// </summary>
    public static async Task<ConsentText> ResolveAsync(AppDbContext db, ConsentKind kind, Wording wording, CancellationToken ct = default)
    {
        var local = db.ConsentTexts.Local.FirstOrDefault(t => t.Kind == kind && t.Wording == wording);
        if (local is not null) return local;
        var found = await db.ConsentTexts.FirstOrDefaultAsync(t => t.Kind == kind && t.Purpose == wording.Purpose && t.DataList == wording.DataList
            && t.Actions == wording.Actions && t.Term == wording.Term && t.WithdrawalProcedure == wording.WithdrawalProcedure, ct);
        if (found is not null) return found;
        var last = await db.ConsentTexts.Where(t => t.Kind == kind).MaxAsync(t => (int?)t.Version, ct) ?? 0;
        var text = new ConsentText
        {
            Kind = kind, Version = last + 1, Purpose = wording.Purpose, DataList = wording.DataList, Actions = wording.Actions, Term = wording.Term,
            WithdrawalProcedure = wording.WithdrawalProcedure,
        };
        db.ConsentTexts.Add(text);
        return text;
    }

    public static Wording For(ConsentKind kind) => kind switch
    {
        ConsentKind.HealthData => new(
            "Обеспечение доступности программ наставничества для обучающегося с ограниченными возможностями здоровья, учёт особых образовательных потребностей.",
            "Сведения о наличии статуса обучающегося с ОВЗ, рекомендации ПМПК в части, необходимой для организации наставничества.",
            "Сбор, запись, систематизация, хранение, уточнение, использование, обезличивание, удаление, уничтожение.",
            "На срок участия в программе наставничества, но не более 3 лет со дня подписания.",
            "Согласие может быть отозвано письменным заявлением, поданным оператору лично или направленным почтой."),
        ConsentKind.MentorDuties => new(
            "Возложение дополнительных обязанностей наставника в рамках реализации целевой модели наставничества.",
            "Фамилия, имя, отчество; должность; сведения о наставнической паре (группе).",
            "Исполнение обязанностей наставника согласно Положению о наставничестве и персонализированной программе.",
            "На срок реализации персонализированной программы наставничества.",
            "Наставник вправе обратиться к куратору и руководителю с заявлением о сложении обязанностей наставника."),
        _ => new(
            "Организация и реализация программ наставничества, персонифицированный учёт участников, мониторинг и отчётность в рамках целевой модели наставничества.",
            "Фамилия, имя, отчество; дата рождения; место работы (учёбы), должность (класс, группа); контактные телефон и адрес электронной почты; сведения об образовании, стаже, квалификации; сведения об участии в программах наставничества.",
            "Сбор, запись, систематизация, накопление, хранение, уточнение, извлечение, использование, передача (предоставление) органам управления образованием, обезличивание, блокирование, удаление, уничтожение.",
            "До достижения целей обработки или до отзыва согласия, но не более 3 лет со дня подписания.",
            "Согласие может быть отозвано письменным заявлением, поданным оператору лично или направленным почтой; данные уничтожаются в течение 30 дней со дня отзыва."),
    };
}
