namespace Nastavnik.Features.Monitoring;

/// <summary>
/// The templates every region starts with (issue 5): mentee and mentor satisfaction, the curator's questionnaire, and
/// seed 001's three monitoring cards. Seed 001 §6.1 names the cards but not their criteria; the criteria below are ours,
/// written after the usual lesson-observation cards for the ФГОС universal learning actions (УУД), for regions to copy
/// and adapt. The migration 20261123002100 inserts them once; published questionnaires are frozen, so a later change
/// is a new template in a new migration, never an edit of these.
/// </summary>
public static class BuiltInQuestionnaires
{
    public sealed record Q(string Text, QuestionKind Kind, bool Required = true, int? Min = null, int? Max = null, string? MinLabel = null, string? MaxLabel = null, string[]? Options = null);

    public sealed record Section(string Title, Q[] Questions);

    public sealed record Template(string Key, string Title, string Description, QuestionnaireKind Kind, QuestionnaireAudience Audience, bool Anonymous, bool IsDefault, Section[] Sections);

    public const string MenteeSatisfaction = "mentee-satisfaction";
    public const string MentorSatisfaction = "mentor-satisfaction";
    public const string CuratorQuestionnaire = "curator";
    public const string CardLesson = "card-uud-lesson";
    public const string CardOnline = "card-uud-online";
    public const string CardActivity = "card-activity";

    private static Q Ten(string text) => new(text, QuestionKind.Scale, true, 1, 10, "совсем нет", "полностью");
    private static Q Five(string text) => new(text, QuestionKind.Scale, true, 1, 5, "не выполнено", "выполнено полностью");
    private static readonly string[] Uud = ["не проявляется", "проявляется частично", "проявляется в полной мере"];
    private static Q Criterion(string text) => new(text, QuestionKind.Scale, true, 0, 2, null, null, Uud);
    private static readonly string[] Levels = ["низкий", "средний", "высокий"];
    private static Q Level(string text) => new(text, QuestionKind.Scale, true, 1, 3, null, null, Levels);

    // Texts contain no apostrophes (the migration writes them into SQL literals; it escapes them anyway).
    public static readonly Template[] All =
    [
        new(MenteeSatisfaction, "Анкета удовлетворённости наставляемого",
            "Анонимная анкета: ответы не связываются с вашим именем. Оцените, насколько программа наставничества вам помогает.",
            QuestionnaireKind.Survey, QuestionnaireAudience.Mentee, Anonymous: true, IsDefault: true,
            [
                new("Взаимодействие с наставником",
                [
                    Ten("Насколько комфортно вам общаться с наставником?"),
                    Ten("Насколько полезны встречи с наставником?"),
                    Ten("Насколько понятно, чего от вас ждут в программе?"),
                    Ten("Насколько наставник помогает в трудных ситуациях?"),
                    Ten("Насколько вы удовлетворены участием в программе в целом?"),
                ]),
                new("Встречи и результаты",
                [
                    new("Как часто проходят встречи с наставником?", QuestionKind.SingleChoice, Options: ["каждую неделю", "раз в две недели", "раз в месяц", "реже раза в месяц"]),
                    new("Что оказалось полезнее всего?", QuestionKind.MultipleChoice, Options: ["взаимопосещение уроков", "разбор и анализ уроков", "совместная разработка материалов",
                        "консультации по документации", "психологическая поддержка", "подготовка к конкурсу или аттестации"]),
                    new("Хотели бы вы продолжить работу с наставником?", QuestionKind.SingleChoice, Options: ["да", "скорее да", "скорее нет", "нет"]),
                    new("Что бы вы изменили в программе?", QuestionKind.Text, Required: false),
                ]),
            ]),
        new(MentorSatisfaction, "Анкета удовлетворённости наставника",
            "Оцените ход программы и условия, которые школа создаёт для наставничества.",
            QuestionnaireKind.Survey, QuestionnaireAudience.Mentor, Anonymous: false, IsDefault: true,
            [
                new("Работа с наставляемым",
                [
                    Ten("Насколько комфортно вам работать с наставляемым?"),
                    Ten("Насколько наставляемый вовлечён в работу?"),
                    Ten("Насколько вы довольны результатами наставляемого?"),
                ]),
                new("Условия наставничества",
                [
                    Ten("Насколько вам хватает времени на наставничество?"),
                    Ten("Насколько вы получаете поддержку куратора?"),
                    new("Какие трудности возникали?", QuestionKind.MultipleChoice, Options: ["нехватка времени", "несовпадение расписаний", "низкая мотивация наставляемого",
                        "недостаток методических материалов", "трудностей не было"]),
                    new("Нужно ли вам обучение по программам наставничества?", QuestionKind.SingleChoice, Options: ["да", "нет", "уже прошёл(а) обучение"]),
                    new("Ваши предложения по организации наставничества в школе", QuestionKind.Text, Required: false),
                ]),
            ]),
        new(CuratorQuestionnaire, "Анкета куратора по программе наставничества",
            "Заполняет куратор по каждой паре (группе): выполнение программы и подтверждённые результаты.",
            QuestionnaireKind.Survey, QuestionnaireAudience.Curator, Anonymous: false, IsDefault: true,
            [
                new("Реализация программы",
                [
                    Five("Выполнение плана мероприятий программы"),
                    Five("Регулярность встреч наставника и наставляемого"),
                    Five("Своевременность отчётов о ходе программы (не реже 1 раза в 2 недели)"),
                    Five("Достижение цели программы"),
                    new("Оценка реализации программы в целом", QuestionKind.SingleChoice, Options: ["эффективна", "частично эффективна", "неэффективна"]),
                ]),
                new("Результаты наставляемого",
                [
                    new("Подтверждённые результаты", QuestionKind.MultipleChoice, Options: ["открытый урок или мастер-класс", "участие в конкурсе", "публикация",
                        "аттестация на квалификационную категорию", "курсы повышения квалификации", "пока нет"]),
                    new("Рекомендации", QuestionKind.Text, Required: false),
                ]),
            ]),
        new(CardLesson, "Карта мониторинга «Полноценная учебная деятельность по развитию УУД на уроке»",
            "Заполняет наставник по итогам посещения урока наставляемого. Уровни: 0 — не проявляется, 1 — частично, 2 — в полной мере.",
            QuestionnaireKind.Card, QuestionnaireAudience.Mentor, Anonymous: false, IsDefault: true,
            [
                new("Регулятивные УУД",
                [
                    Criterion("Обучающиеся сами формулируют цель и задачи урока"),
                    Criterion("Обучающиеся планируют способы достижения цели"),
                    Criterion("Обучающиеся контролируют и оценивают свою работу по известным им критериям"),
                ]),
                new("Познавательные УУД",
                [
                    Criterion("Урок строится на решении учебной задачи, а не на сообщении готовых знаний"),
                    Criterion("Обучающиеся самостоятельно ищут и обрабатывают информацию"),
                ]),
                new("Коммуникативные и личностные УУД",
                [
                    Criterion("Учебное сотрудничество: работа в парах и группах с распределением ролей"),
                    Criterion("Обучающиеся аргументируют позицию и учитывают разные мнения"),
                    Criterion("Рефлексия учебной деятельности в конце урока"),
                    Criterion("Самостоятельная деятельность обучающихся занимает не меньше половины урока"),
                    new("Комментарий наставника", QuestionKind.Text, Required: false),
                ]),
            ]),
        new(CardOnline, "Карта мониторинга «Полноценная учебная деятельность по развитию УУД на онлайн-уроке»",
            "Заполняет наставник по итогам онлайн-урока наставляемого. Уровни: 0 — не проявляется, 1 — частично, 2 — в полной мере.",
            QuestionnaireKind.Card, QuestionnaireAudience.Mentor, Anonymous: false, IsDefault: false,
            [
                new("Организация онлайн-урока",
                [
                    Criterion("Цифровая среда урока подготовлена и доступна каждому обучающемуся"),
                    Criterion("Соблюдены нормы длительности работы за экраном и цифровой безопасности"),
                ]),
                new("Учебная деятельность в онлайн-формате",
                [
                    Criterion("Обучающиеся формулируют цель урока в онлайн-формате"),
                    Criterion("Интерактивные задания требуют активности каждого обучающегося"),
                    Criterion("Совместная работа в цифровых инструментах (общие документы, группы)"),
                    Criterion("Учитель даёт обратную связь по ходу урока (чат, опросы)"),
                    Criterion("Самоконтроль и самооценка с помощью цифровых инструментов"),
                    Criterion("Рефлексия в конце онлайн-урока"),
                    new("Комментарий наставника", QuestionKind.Text, Required: false),
                ]),
            ]),
        new(CardActivity, "Карта мониторинга «Эффективность образовательного процесса с точки зрения развития деятельностных характеристик обучающихся»",
            "Заполняет куратор по итогам наблюдения за классом наставляемого. Уровни: низкий, средний, высокий.",
            QuestionnaireKind.Card, QuestionnaireAudience.Curator, Anonymous: false, IsDefault: true,
            [
                new("Деятельностные характеристики обучающихся",
                [
                    Level("Самостоятельность"),
                    Level("Инициативность"),
                    Level("Ответственность за результат"),
                    Level("Умение работать в команде"),
                    Level("Умение оценивать свою работу"),
                    Level("Познавательная активность"),
                    Level("Умение применять знания в новой ситуации"),
                    new("Комментарий куратора", QuestionKind.Text, Required: false),
                ]),
            ]),
    ];
}
