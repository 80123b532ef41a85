using System.Globalization;

namespace Nastavnik.Features.Monitoring;

/// <summary>
/// The rules of the builder, of filling in and of the schedule, as plain functions (the pages call them; the unit tests
/// call them directly). Messages are Russian and say what to do.
/// </summary>
public static class MonitoringRules
{
    public const int MaxOptions = 20;

    /// <summary>A question as the builder form sends it: options (or scale point labels) one per line.</summary>
    public sealed record QuestionDraft(QuestionKind Kind, string? Text, bool Required, int? ScaleMin, int? ScaleMax, string? MinLabel, string? MaxLabel, string? OptionLines);

    /// <summary>A question ready to store: trimmed text, options with their point values for a scale.</summary>
    public sealed record CleanQuestion(QuestionKind Kind, string Text, bool Required, int? ScaleMin, int? ScaleMax, string? MinLabel, string? MaxLabel,
        IReadOnlyList<(string Text, int? Value)> Options);

    public static IReadOnlyList<string> Lines(string? text) =>
        [.. (text ?? "").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0)];

    /// <summary>Checks one question of a questionnaire of the given kind; returns the errors, or the clean question.</summary>
    public static (CleanQuestion? Question, List<string> Errors) ValidateQuestion(QuestionDraft d, QuestionnaireKind questionnaireKind)
    {
        var errors = new List<string>();
        var text = d.Text?.Trim() ?? "";
        if (text.Length == 0) errors.Add("Напишите текст вопроса.");
        else if (text.Length > 1000) errors.Add("Текст вопроса длиннее 1000 символов.");
        if (questionnaireKind == QuestionnaireKind.Card && d.Kind is QuestionKind.SingleChoice or QuestionKind.MultipleChoice)
            errors.Add("В карте мониторинга критерии оцениваются по шкале уровней; вопросы с вариантами ответа здесь не используются.");
        var lines = Lines(d.OptionLines);
        var options = new List<(string, int?)>();
        int? min = null, max = null;
        string? minLabel = null, maxLabel = null;
        switch (d.Kind)
        {
            case QuestionKind.Scale:
                if (d.ScaleMin is null || d.ScaleMax is null) { errors.Add("Укажите начало и конец шкалы (например, от 1 до 5)."); break; }
                (min, max) = (d.ScaleMin, d.ScaleMax);
                if (min < 0 || max > Question.MaxScale || min >= max)
                    errors.Add($"Шкала задаётся целыми числами от 0 до {Question.MaxScale}, начало меньше конца (например, 0–2, 1–5 или 1–10).");
                minLabel = Cut(d.MinLabel, 100);
                maxLabel = Cut(d.MaxLabel, 100);
                if (lines.Count > 0 && min < max && lines.Count != max - min + 1)
                    errors.Add($"Подписей уровней должно быть столько же, сколько делений шкалы: {(max - min + 1)!.Value.ToString(CultureInfo.InvariantCulture)} (по одной на строку, от меньшего к большему), или ни одной.");
                else if (lines.Count > 0 && min < max)
                    options.AddRange(lines.Select((l, i) => (Cut(l, 300)!, (int?)(min!.Value + i))));
                break;
            case QuestionKind.SingleChoice or QuestionKind.MultipleChoice:
                if (lines.Count < 2) errors.Add("Укажите не менее двух вариантов ответа, по одному на строку.");
                else if (lines.Count > MaxOptions) errors.Add($"Не больше {MaxOptions} вариантов ответа.");
                else if (lines.Any(l => l.Length > 300)) errors.Add("Вариант ответа длиннее 300 символов.");
                else if (lines.Select(l => l.ToUpperInvariant()).Distinct().Count() != lines.Count) errors.Add("Варианты ответа повторяются.");
                else options.AddRange(lines.Select(l => (l, (int?)null)));
                break;
            case QuestionKind.Text:
                break;
            default:
                errors.Add("Выберите тип вопроса.");
                break;
        }
        return errors.Count > 0 ? (null, errors) : (new CleanQuestion(d.Kind, text, d.Required, min, max, minLabel, maxLabel, options), errors);
    }

    /// <summary>What may not be combined in a questionnaire's header.</summary>
    public static List<string> ValidateHeader(string? title, QuestionnaireKind kind, QuestionnaireAudience audience, bool anonymous)
    {
        var errors = new List<string>();
        var t = title?.Trim() ?? "";
        if (t.Length < 3) errors.Add("Напишите название анкеты (не короче 3 символов).");
        else if (t.Length > 300) errors.Add("Название длиннее 300 символов.");
        if (kind == QuestionnaireKind.Card)
        {
            if (audience == QuestionnaireAudience.Mentee) errors.Add("Карту мониторинга заполняет наставник или куратор о наставляемом, а не сам наставляемый.");
            if (anonymous) errors.Add("Карта мониторинга не бывает анонимной: она оценивает конкретного наставляемого.");
        }
        return errors;
    }

    /// <summary>Before publishing: the whole questionnaire must make sense, since it is frozen afterwards.</summary>
    public static List<string> ValidateForPublish(Questionnaire q)
    {
        var errors = ValidateHeader(q.Title, q.Kind, q.Audience, q.IsAnonymous);
        if (q.Questions.Count == 0) errors.Add("В анкете нет ни одного вопроса.");
        foreach (var s in q.Sections.Where(s => q.Questions.All(x => x.SectionId != s.Id)))
            errors.Add($"Раздел «{s.Title}» пуст: добавьте в него вопросы или удалите его.");
        if (q.Kind == QuestionnaireKind.Card && !q.Questions.Any(x => x.Kind == QuestionKind.Scale))
            errors.Add("В карте мониторинга нужен хотя бы один критерий со шкалой уровней.");
        foreach (var x in q.Questions)
        {
            var (_, e) = ValidateQuestion(new QuestionDraft(x.Kind, x.Text, x.Required, x.ScaleMin, x.ScaleMax, x.MinLabel, x.MaxLabel,
                string.Join('\n', x.Options.OrderBy(o => o.Order).Select(o => o.Text))), q.Kind);
            errors.AddRange(e.Select(m => $"Вопрос «{Brief(x.Text)}»: {m}"));
        }
        return errors;
    }

    /// <summary>One answer as it will be stored.</summary>
    public sealed record AnswerValue(int QuestionId, int? Value, int? OptionId, string? Text);

    /// <summary>
    /// Checks a filled-in form: <paramref name="raw"/> holds, per question id, the values the browser sent (radio value,
    /// checked option ids, or the text). Returns the answers, or per question the message to show next to it.
    /// </summary>
    public static (List<AnswerValue> Answers, Dictionary<int, string> Errors) ValidateAnswers(Questionnaire q, IReadOnlyDictionary<int, IReadOnlyList<string>> raw)
    {
        var answers = new List<AnswerValue>();
        var errors = new Dictionary<int, string>();
        foreach (var x in q.Questions)
        {
            var values = raw.TryGetValue(x.Id, out var v) ? [.. v.Select(s => s.Trim()).Where(s => s.Length > 0)] : new List<string>();
            if (values.Count == 0)
            {
                if (x.Required) errors[x.Id] = x.Kind == QuestionKind.Text ? "Это обязательный вопрос: напишите ответ." : "Это обязательный вопрос: выберите ответ.";
                continue;
            }
            switch (x.Kind)
            {
                case QuestionKind.Scale:
                    if (values.Count == 1 && int.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= x.ScaleMin && n <= x.ScaleMax)
                        answers.Add(new AnswerValue(x.Id, n, null, null));
                    else errors[x.Id] = $"Выберите одно значение шкалы от {x.ScaleMin} до {x.ScaleMax}.";
                    break;
                case QuestionKind.SingleChoice:
                    if (values.Count == 1 && OptionOf(x, values[0]) is { } one) answers.Add(new AnswerValue(x.Id, null, one, null));
                    else errors[x.Id] = "Выберите один вариант из предложенных.";
                    break;
                case QuestionKind.MultipleChoice:
                    var ids = values.Select(s => OptionOf(x, s)).ToList();
                    if (ids.Any(i => i is null)) errors[x.Id] = "Выберите варианты из предложенных.";
                    else answers.AddRange(ids.Distinct().Select(i => new AnswerValue(x.Id, null, i, null)));
                    break;
                case QuestionKind.Text:
                    var text = string.Join("\n", values);
                    if (text.Length > Question.MaxTextAnswer) errors[x.Id] = $"Ответ длиннее {Question.MaxTextAnswer} символов: сократите его.";
                    else answers.Add(new AnswerValue(x.Id, null, null, text));
                    break;
            }
        }
        return (answers, errors);
    }

    private static int? OptionOf(Question x, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && x.Options.Any(o => o.Id == id && o.Value is null) ? id : null;

    /// <summary>The dates of the two stages of a programme.</summary>
    public sealed record Schedule(DateOnly InterimOpens, DateOnly InterimDue, DateOnly FinalOpens, DateOnly FinalDue);

    /// <summary>
    /// Interim: at <see cref="MonitoringSettings.InterimAtPercent"/> of the period (seed 001: the middle). Final: the given
    /// number of days before the end, never before the interim. Each is due <see cref="MonitoringSettings.FillDays"/> later.
    /// </summary>
    public static Schedule Plan(DateOnly start, DateOnly end, MonitoringSettings s)
    {
        var days = Math.Max(0, end.DayNumber - start.DayNumber);
        var interim = start.AddDays((int)Math.Round(days * s.InterimAtPercent / 100.0, MidpointRounding.AwayFromZero));
        var final = end.AddDays(-s.FinalDaysBeforeEnd);
        if (final <= interim) final = interim.AddDays(1);
        return new Schedule(interim, interim.AddDays(s.FillDays), final, final.AddDays(s.FillDays));
    }

    public static List<string> ValidateSettings(int interimAtPercent, int finalDaysBeforeEnd, int fillDays, int reminderEveryDays)
    {
        var errors = new List<string>();
        if (interimAtPercent is < 10 or > 90) errors.Add("Промежуточный мониторинг — от 10 до 90 % срока программы.");
        if (finalDaysBeforeEnd is < 0 or > 60) errors.Add("Итоговый мониторинг — от 0 до 60 дней до окончания программы.");
        if (fillDays is < 1 or > 60) errors.Add("Срок заполнения — от 1 до 60 дней.");
        if (reminderEveryDays is < 1 or > 30) errors.Add("Напоминать не чаще 1 раза в день и не реже 1 раза в 30 дней.");
        return errors;
    }

    /// <summary>Does a questionnaire take part in a stage of this kind?</summary>
    public static bool UsedAt(QuestionnaireStages stages, MonitoringKind kind) =>
        stages == QuestionnaireStages.Both || (stages == QuestionnaireStages.Interim) == (kind == MonitoringKind.Interim);

    private static string? Cut(string? s, int max) => string.IsNullOrWhiteSpace(s) ? null : s.Trim() is var t && t.Length > max ? t[..max] : s.Trim();

    public static string Brief(string s) => s.Length <= 60 ? s : s[..57] + "…";
}
