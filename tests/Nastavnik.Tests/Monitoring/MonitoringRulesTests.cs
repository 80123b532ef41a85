using Nastavnik.Features.Monitoring;

namespace Nastavnik.Tests.Monitoring;

/// <summary>The builder's, the form's and the schedule's rules, and the counting of results, against hand counts.</summary>
public sealed class MonitoringRulesTests
{
    private static MonitoringRules.QuestionDraft Draft(QuestionKind kind, string? text = "Вопрос", int? min = null, int? max = null, string? options = null) =>
        new(kind, text, true, min, max, null, null, options);

    [Fact]
    public void ValidateQuestion_BadScalesAndChoices_RussianErrors()
    {
        Assert.Contains(MonitoringRules.ValidateQuestion(Draft(QuestionKind.Scale, min: 5, max: 5), QuestionnaireKind.Survey).Errors, e => e.Contains("начало меньше конца", StringComparison.Ordinal));
        Assert.Contains(MonitoringRules.ValidateQuestion(Draft(QuestionKind.Scale, min: 1, max: 11), QuestionnaireKind.Survey).Errors, e => e.Contains("от 0 до 10", StringComparison.Ordinal));
        Assert.Contains(MonitoringRules.ValidateQuestion(Draft(QuestionKind.Scale), QuestionnaireKind.Survey).Errors, e => e.Contains("Укажите начало и конец шкалы", StringComparison.Ordinal));
        Assert.Contains(MonitoringRules.ValidateQuestion(Draft(QuestionKind.Scale, min: 0, max: 2, options: "низкий\nвысокий"), QuestionnaireKind.Card).Errors,
            e => e.Contains("Подписей уровней должно быть столько же, сколько делений шкалы: 3", StringComparison.Ordinal));
        Assert.Contains(MonitoringRules.ValidateQuestion(Draft(QuestionKind.SingleChoice, options: "да"), QuestionnaireKind.Survey).Errors, e => e.Contains("не менее двух вариантов", StringComparison.Ordinal));
        Assert.Contains(MonitoringRules.ValidateQuestion(Draft(QuestionKind.MultipleChoice, options: "да\nДА"), QuestionnaireKind.Survey).Errors, e => e.Contains("повторяются", StringComparison.Ordinal));
        Assert.Contains(MonitoringRules.ValidateQuestion(Draft(QuestionKind.SingleChoice, options: "да\nнет"), QuestionnaireKind.Card).Errors, e => e.Contains("В карте мониторинга", StringComparison.Ordinal));
        Assert.Contains(MonitoringRules.ValidateQuestion(Draft(QuestionKind.Text, text: "  "), QuestionnaireKind.Survey).Errors, e => e == "Напишите текст вопроса.");

        var (ok, errors) = MonitoringRules.ValidateQuestion(Draft(QuestionKind.Scale, " Самостоятельность ", 0, 2, "низкий\n\n средний \nвысокий"), QuestionnaireKind.Card);
        Assert.Empty(errors);
        Assert.Equal("Самостоятельность", ok!.Text);
        Assert.Equal([("низкий", (int?)0), ("средний", 1), ("высокий", 2)], ok.Options);
        Assert.Equal([("да", (int?)null), ("нет", null)], MonitoringRules.ValidateQuestion(Draft(QuestionKind.SingleChoice, options: "да\nнет"), QuestionnaireKind.Survey).Question!.Options);
    }

    [Fact]
    public void ValidateHeaderAndPublish_CardsAreNamedAndScored_EmptyPartsRefused()
    {
        Assert.Contains(MonitoringRules.ValidateHeader("Карта", QuestionnaireKind.Card, QuestionnaireAudience.Mentee, false), e => e.Contains("наставник или куратор", StringComparison.Ordinal));
        Assert.Contains(MonitoringRules.ValidateHeader("Карта", QuestionnaireKind.Card, QuestionnaireAudience.Mentor, true), e => e.Contains("не бывает анонимной", StringComparison.Ordinal));
        Assert.Contains(MonitoringRules.ValidateHeader("А", QuestionnaireKind.Survey, QuestionnaireAudience.Mentee, true), e => e.Contains("не короче 3 символов", StringComparison.Ordinal));
        Assert.Empty(MonitoringRules.ValidateHeader("Анкета", QuestionnaireKind.Survey, QuestionnaireAudience.Mentee, true));

        var q = new Questionnaire { Title = "Карта урока", Kind = QuestionnaireKind.Card, Audience = QuestionnaireAudience.Mentor };
        q.Sections.AddRange([new QuestionnaireSection { Id = 1, Title = "Первый", Order = 1 }, new QuestionnaireSection { Id = 2, Title = "Пустой", Order = 2 }]);
        Assert.Contains(MonitoringRules.ValidateForPublish(q), e => e == "В анкете нет ни одного вопроса.");
        q.Questions.Add(new Question { Id = 1, SectionId = 1, Text = "Комментарий", Kind = QuestionKind.Text });
        var errors = MonitoringRules.ValidateForPublish(q);
        Assert.Contains(errors, e => e.Contains("Раздел «Пустой» пуст", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("хотя бы один критерий со шкалой", StringComparison.Ordinal));
        q.Sections.RemoveAt(1);
        q.Questions.Add(new Question { Id = 2, SectionId = 1, Text = "Рефлексия", Kind = QuestionKind.Scale, ScaleMin = 0, ScaleMax = 2 });
        Assert.Empty(MonitoringRules.ValidateForPublish(q));
    }

    private static Questionnaire Survey(bool anonymous = false)
    {
        var q = new Questionnaire { Id = 10, Title = "Анкета", Kind = QuestionnaireKind.Survey, Audience = QuestionnaireAudience.Mentee, IsAnonymous = anonymous };
        q.Sections.Add(new QuestionnaireSection { Id = 1, Title = "Раздел", Order = 1 });
        q.Questions.AddRange(
        [
            new Question { Id = 1, SectionId = 1, Order = 1, Text = "Комфорт", Kind = QuestionKind.Scale, ScaleMin = 1, ScaleMax = 5, Required = true },
            new Question { Id = 2, SectionId = 1, Order = 2, Text = "Частота", Kind = QuestionKind.SingleChoice, Required = true,
                Options = [new() { Id = 21, Order = 1, Text = "часто" }, new() { Id = 22, Order = 2, Text = "редко" }] },
            new Question { Id = 3, SectionId = 1, Order = 3, Text = "Польза", Kind = QuestionKind.MultipleChoice,
                Options = [new() { Id = 31, Order = 1, Text = "уроки" }, new() { Id = 32, Order = 2, Text = "материалы" }, new() { Id = 33, Order = 3, Text = "поддержка" }] },
            new Question { Id = 4, SectionId = 1, Order = 4, Text = "Пожелания", Kind = QuestionKind.Text },
        ]);
        return q;
    }

    private static Dictionary<int, IReadOnlyList<string>> Raw(params (int Id, string[] Values)[] values) => values.ToDictionary(v => v.Id, v => (IReadOnlyList<string>)v.Values);

    [Fact]
    public void ValidateAnswers_RequiredAndWrongValues_RussianErrorsPerQuestion()
    {
        var q = Survey();
        var (_, errors) = MonitoringRules.ValidateAnswers(q, Raw((3, ["99"]), (4, [new string('я', 2001)])));
        Assert.Equal("Это обязательный вопрос: выберите ответ.", errors[1]);
        Assert.Equal("Это обязательный вопрос: выберите ответ.", errors[2]);
        Assert.Equal("Выберите варианты из предложенных.", errors[3]);
        Assert.Equal("Ответ длиннее 2000 символов: сократите его.", errors[4]);

        (_, errors) = MonitoringRules.ValidateAnswers(q, Raw((1, ["6"]), (2, ["21", "22"])));
        Assert.Equal("Выберите одно значение шкалы от 1 до 5.", errors[1]);
        Assert.Equal("Выберите один вариант из предложенных.", errors[2]);
        (_, errors) = MonitoringRules.ValidateAnswers(q, Raw((1, ["три"]), (2, ["31"])));
        Assert.Equal("Выберите одно значение шкалы от 1 до 5.", errors[1]);
        Assert.Equal("Выберите один вариант из предложенных.", errors[2]);

        var (answers, none) = MonitoringRules.ValidateAnswers(q, Raw((1, ["4"]), (2, ["22"]), (3, ["31", "33", "31"]), (4, ["  "])));
        Assert.Empty(none);
        Assert.Equal([new(1, 4, null, null), new(2, null, 22, null), new(3, null, 31, null), new(3, null, 33, null)], answers);
    }

    [Fact]
    public void Plan_FromProgrammeDates_InterimInTheMiddleFinalBeforeTheEnd()
    {
        // 01.09.2026 – 31.05.2027 is 272 days: the middle is day 136 = 15.01.2027; the final is 7 days before the end.
        var p = MonitoringRules.Plan(new DateOnly(2026, 9, 1), new DateOnly(2027, 5, 31), new MonitoringSettings());
        Assert.Equal(new MonitoringRules.Schedule(new DateOnly(2027, 1, 15), new DateOnly(2027, 1, 29), new DateOnly(2027, 5, 24), new DateOnly(2027, 6, 7)), p);
        var custom = MonitoringRules.Plan(new DateOnly(2026, 9, 1), new DateOnly(2027, 5, 31), new MonitoringSettings { InterimAtPercent = 25, FinalDaysBeforeEnd = 0, FillDays = 5 });
        Assert.Equal(new MonitoringRules.Schedule(new DateOnly(2026, 11, 8), new DateOnly(2026, 11, 13), new DateOnly(2027, 5, 31), new DateOnly(2027, 6, 5)), custom);
        // A very short programme still has the final after the interim.
        var tiny = MonitoringRules.Plan(new DateOnly(2027, 1, 1), new DateOnly(2027, 1, 5), new MonitoringSettings());
        Assert.True(tiny.FinalOpens > tiny.InterimOpens);
        Assert.NotEmpty(MonitoringRules.ValidateSettings(5, 0, 14, 3));
        Assert.Empty(MonitoringRules.ValidateSettings(50, 7, 14, 3));
        Assert.True(MonitoringRules.UsedAt(QuestionnaireStages.Final, MonitoringKind.Final));
        Assert.False(MonitoringRules.UsedAt(QuestionnaireStages.Final, MonitoringKind.Interim));
        Assert.False(MonitoringRules.UsedAt(QuestionnaireStages.Interim, MonitoringKind.Final));
    }

    private static MonitoringResults.ResponseRow Row(string? who, params (int Q, int? V, int? O, string? T)[] answers) =>
        new(Guid.NewGuid(), 1, who, [.. answers.Select(a => new MonitoringAnswer { QuestionId = a.Q, Value = a.V, OptionId = a.O, Text = a.T })]);

    [Fact]
    public void Aggregate_FourResponses_EqualsHandCount()
    {
        var q = Survey();
        var r = MonitoringResults.Aggregate(q,
        [
            Row("наставляемый Иванова М. П.", (1, 5, null, null), (2, null, 21, null), (3, null, 31, null), (3, null, 32, null), (4, null, null, "Больше уроков")),
            Row("наставляемый Петрова М. П.", (1, 4, null, null), (2, null, 21, null), (3, null, 31, null)),
            Row("наставляемый Сидорова М. П.", (1, 4, null, null), (2, null, 22, null)),
            Row("наставляемый Котова М. П.", (1, 2, null, null), (2, null, 21, null), (3, null, 33, null), (4, null, null, "Всё хорошо")),
        ]);
        Assert.False(r.Hidden);
        Assert.Equal(4, r.Responses);
        var scale = r.Questions[0];
        Assert.Equal(4, scale.Answered);
        Assert.Equal(3.75, scale.Average);                              // (5 + 4 + 4 + 2) / 4
        Assert.Equal([0, 1, 0, 2, 1], scale.Bars.Select(b => b.Count));  // points 1..5
        Assert.Equal(50.0, scale.Bars[3].Share);
        var single = r.Questions[1];
        Assert.Equal([3, 1], single.Bars.Select(b => b.Count));
        Assert.Equal(75.0, single.Bars[0].Share);
        var multiple = r.Questions[2];
        Assert.Equal(3, multiple.Answered);                               // three people ticked something
        Assert.Equal([2, 1, 1], multiple.Bars.Select(b => b.Count));
        Assert.Equal(200.0 / 3, multiple.Bars[0].Share, 6);               // share of those who answered
        Assert.Equal(["Больше уроков — наставляемый Иванова М. П.", "Всё хорошо — наставляемый Котова М. П."], r.Questions[3].Texts);
    }

    [Fact]
    public void Aggregate_Anonymous_HiddenBelowThree_TextsWithoutNames()
    {
        var q = Survey(anonymous: true);
        var two = MonitoringResults.Aggregate(q, [Row(null, (1, 5, null, null)), Row(null, (1, 3, null, null), (4, null, null, "Секрет"))]);
        Assert.True(two.Hidden);
        Assert.Equal(2, two.Responses);
        Assert.Empty(two.Questions);
        var three = MonitoringResults.Aggregate(q, [Row(null, (1, 5, null, null)), Row(null, (1, 3, null, null), (4, null, null, "Секрет")), Row(null, (1, 1, null, null))]);
        Assert.False(three.Hidden);
        Assert.Equal(3.0, three.Questions[0].Average);
        Assert.Equal(["Секрет"], three.Questions[3].Texts);
        // Three forms from two people (the same mentee at both stages) are still two people: hidden.
        Assert.True(MonitoringResults.Aggregate(q, [Row(null, (1, 5, null, null)), Row(null, (1, 3, null, null)), Row(null, (1, 1, null, null))], respondents: 2).Hidden);
    }

    [Fact]
    public void CardPercentAndEffectiveness_ChangePerMentee_AveragedPerMentor()
    {
        var card = new Questionnaire { Id = 5, Title = "Карта", Kind = QuestionnaireKind.Card };
        card.Questions.AddRange(
        [
            new Question { Id = 1, Kind = QuestionKind.Scale, ScaleMin = 0, ScaleMax = 2, Text = "a" },
            new Question { Id = 2, Kind = QuestionKind.Scale, ScaleMin = 0, ScaleMax = 2, Text = "b" },
            new Question { Id = 3, Kind = QuestionKind.Scale, ScaleMin = 1, ScaleMax = 3, Text = "c" },
            new Question { Id = 4, Kind = QuestionKind.Text, Text = "comment" },
        ]);
        // (2/2 + 1/2 + (1-1)/2) / 3 = 50 %
        Assert.Equal(50.0, MonitoringResults.CardPercent(card, [new() { QuestionId = 1, Value = 2 }, new() { QuestionId = 2, Value = 1 }, new() { QuestionId = 3, Value = 1 }, new() { QuestionId = 4, Text = "x" }]));
        Assert.Null(MonitoringResults.CardPercent(card, [new() { QuestionId = 4, Text = "x" }]));

        MonitoringResults.CardScore S(int program, int mentee, int q, MonitoringKind k, double p) => new(program, mentee, q, k, p);
        var scores = new[]
        {
            // Programme 1 (mentor 100): mentee 1 from 40 to 80 on card 5, and from 50 to 60 on card 6 → (40 + 10) / 2 = +25.
            S(1, 1, 5, MonitoringKind.Interim, 40), S(1, 1, 5, MonitoringKind.Final, 80), S(1, 1, 6, MonitoringKind.Interim, 50), S(1, 1, 6, MonitoringKind.Final, 60),
            // Programme 2 (mentor 100): mentee 2 from 30 to 35 → +5; the interim is two cards (20 and 40) → mean 30.
            S(2, 2, 5, MonitoringKind.Interim, 20), S(2, 2, 5, MonitoringKind.Interim, 40), S(2, 2, 5, MonitoringKind.Final, 35),
            // Programme 3 (mentor 200): only an interim card → not counted.
            S(3, 3, 5, MonitoringKind.Interim, 10),
            // Programme 4 (mentor 200): card 5 interim and card 6 final only → no pair of the same card → not counted.
            S(4, 4, 5, MonitoringKind.Interim, 10), S(4, 4, 6, MonitoringKind.Final, 90),
        };
        var mentors = new Dictionary<int, IReadOnlyList<(int, string)>>
        {
            [1] = [(100, "Ершова Л. В.")], [2] = [(100, "Ершова Л. В.")], [3] = [(200, "Белова Г. А.")], [4] = [(200, "Белова Г. А.")],
        };
        var changes = MonitoringResults.Changes(scores);
        Assert.Equal([(1, 25.0), (2, 5.0)], changes.Select(c => (c.SubjectPersonId, Math.Round(c.Change, 6))));
        var e = Assert.Single(MonitoringResults.Effectiveness(scores, mentors));
        Assert.Equal((100, 2), (e.MentorPersonId, e.Mentees));
        Assert.Equal(15.0, e.Change, 6);                                  // (25 + 5) / 2
        Assert.Equal((45.0 + 30.0) / 2, e.Interim, 6);
    }
}
