using System.Globalization;
using Nastavnik.Features.Roadmaps;

namespace Nastavnik.Tests.Roadmaps;

/// <summary>
/// The «сроки» of every roadmap and plan table in the five seeds (../shared/seeds), verbatim, with what
/// they must mean. Each row names its seed and item ("003 1.2" is seed 003, item 1.2); the seed picks the
/// context a text without a year is read against:
/// 000 — Valuyki roadmap, calendar year 2022 (every item is in 2022);
/// 001 — no table; its prose names «на период с 2020 до 2024 года»;
/// 002 — Krasny Kut roadmap «на 2022—2024 годы»;
/// 003 — Tarasovsky roadmap, school year 2023/2024 (order of 28.07.2023, section 3 «в 2023/2024»);
/// 004 — Klin plan and roadmap «на 2023-2024 учебный год».
/// </summary>
public class DueTests
{
    private static DueContext ContextOf(string where) => where[..3] switch
    {
        "000" => DueContext.ForYear(2022),
        "001" => DueContext.ForYears(2020, 2024),
        "002" => DueContext.ForYears(2022, 2024),
        "003" or "004" => DueContext.ForSchoolYear(2023),
        _ => throw new ArgumentException($"Unknown seed in '{where}'.", nameof(where)),
    };

    private static DateOnly? Day(string? iso) =>
        iso is null ? null : DateOnly.ParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly D(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    // Every non-empty cell of the columns «Сроки» / «Срок проведения» in the seeds' tables, in document order.
    // 93 rows: seed 000 — 12, seed 002 — 11, seed 003 — 31, seed 004 — 39.
    [Theory]
    // 000: План мероприятий (дорожная карта), Валуйский городской округ.
    [InlineData("000 №1", "Февраль 2022 года", DueKind.Period, "2022-02-01", "2022-02-28")]
    [InlineData("000 №2", "Февраль-март 2022 года", DueKind.Period, "2022-02-01", "2022-03-31")]
    [InlineData("000 №3", "Март 2022 года", DueKind.Period, "2022-03-01", "2022-03-31")]
    [InlineData("000 №4", "Постоянно", DueKind.Continuous, "2022-01-01", "2022-12-31")]
    [InlineData("000 №5", "1 полугодие 2022 года", DueKind.Period, "2022-01-01", "2022-06-30")]
    [InlineData("000 №6", "В течение 2022 года (при необходимости)", DueKind.Continuous, "2022-01-01", "2022-12-31")]
    [InlineData("000 №6, строка-продолжение", "и)", DueKind.Unparsed, null, null)]
    [InlineData("000 №7", "В течение 2022 года", DueKind.Continuous, "2022-01-01", "2022-12-31")]
    [InlineData("000 №8", "В течение 2022 года", DueKind.Continuous, "2022-01-01", "2022-12-31")]
    [InlineData("000 №9", "Октябрь 2022 года", DueKind.Period, "2022-10-01", "2022-10-31")]
    [InlineData("000 №10", "Декабрь 2022 года", DueKind.Period, "2022-12-01", "2022-12-31")]
    [InlineData("000 №11", "4 квартал 2022 года", DueKind.Period, "2022-10-01", "2022-12-31")]
    // 002: Дорожная карта «Развитие наставничества в системе образования Краснокутского района на 2022—2024 годы».
    [InlineData("002 подготовительный этап №1", "сентябрь 2022", DueKind.Period, "2022-09-01", "2022-09-30")]
    [InlineData("002 нормативные документы №1", "До 30.12.2022 г.", DueKind.Deadline, null, "2022-12-30")]
    [InlineData("002 нормативные документы №2", "До 30.12.2022 г.", DueKind.Deadline, null, "2022-12-30")]
    [InlineData("002 нормативные документы №3", "До 30.12.2022 г.", DueKind.Deadline, null, "2022-12-30")]
    [InlineData("002 нормативные документы №4", "ежегодно", DueKind.Recurring, "2022-01-01", "2024-12-31")]
    [InlineData("002 нормативные документы №5", "ежегодно", DueKind.Recurring, "2022-01-01", "2024-12-31")]
    [InlineData("002 нормативные документы №6", "ежегодно", DueKind.Recurring, "2022-01-01", "2024-12-31")]
    [InlineData("002 информационное пространство №1", "ежегодно", DueKind.Recurring, "2022-01-01", "2024-12-31")]
    [InlineData("002 повышение уровня №1", "ежегодно", DueKind.Recurring, "2022-01-01", "2024-12-31")]
    [InlineData("002 повышение уровня №2", "ежегодно", DueKind.Recurring, "2022-01-01", "2024-12-31")]
    [InlineData("002 повышение уровня №3", "ежегодно", DueKind.Recurring, "2022-01-01", "2024-12-31")]
    // 003: Муниципальная «Дорожная карта», Тарасовский район; months without a year are in 2023/2024.
    [InlineData("003 1.1", "сентябрь", DueKind.Period, "2023-09-01", "2023-09-30")]
    [InlineData("003 1.2", "август - сентябрь", DueKind.Period, "2023-08-01", "2023-09-30")]
    [InlineData("003 1.3", "сентябрь", DueKind.Period, "2023-09-01", "2023-09-30")]
    [InlineData("003 1.4", "в течение года", DueKind.Continuous, "2023-09-01", "2024-08-31")]
    [InlineData("003 1.5", "август-сентябрь", DueKind.Period, "2023-08-01", "2023-09-30")]
    [InlineData("003 1.6", "до 20.09.2023", DueKind.Deadline, null, "2023-09-20")]
    [InlineData("003 1.7", "октябрь", DueKind.Period, "2023-10-01", "2023-10-31")]
    [InlineData("003 1.8", "сентябрь", DueKind.Period, "2023-09-01", "2023-09-30")]
    [InlineData("003 1.9", "сентябрь", DueKind.Period, "2023-09-01", "2023-09-30")]
    [InlineData("003 2.1", "Октябрь - ноябрь", DueKind.Period, "2023-10-01", "2023-11-30")]
    [InlineData("003 2.2", "в течение всего периода реализации ЦМН", DueKind.Continuous, "2023-09-01", "2024-08-31")]
    [InlineData("003 2.3", "В течение всего периода реализации ЦМН", DueKind.Continuous, "2023-09-01", "2024-08-31")]
    [InlineData("003 2.4", "август-ноябрь", DueKind.Period, "2023-08-01", "2023-11-30")]
    [InlineData("003 2.5", "сентябрь-ноябрь", DueKind.Period, "2023-09-01", "2023-11-30")]
    [InlineData("003 2.6", "сентябрь-октябрь", DueKind.Period, "2023-09-01", "2023-10-31")]
    [InlineData("003 3.1", "сентябрь - ноябрь", DueKind.Period, "2023-09-01", "2023-11-30")]
    [InlineData("003 3.2", "октябрь", DueKind.Period, "2023-10-01", "2023-10-31")]
    [InlineData("003 3.3", "сентябрь-октябрь", DueKind.Period, "2023-09-01", "2023-10-31")]
    [InlineData("003 3.4", "согласно графику ОО", DueKind.BySchedule, null, null)]
    [InlineData("003 3.5", "сентябрь-октябрь 2022", DueKind.Period, "2022-09-01", "2022-10-31")]
    [InlineData("003 3.6", "в соответствии со сроками реализации программ", DueKind.BySchedule, null, null)]
    [InlineData("003 3.7", "в соответствии со сроками реализации программ наставничества", DueKind.BySchedule, null, null)]
    [InlineData("003 4.1", "Сентябрь-ноябрь", DueKind.Period, "2023-09-01", "2023-11-30")]
    [InlineData("003 4.2", "в течение всего срока реализации ЦМН", DueKind.Continuous, "2023-09-01", "2024-08-31")]
    [InlineData("003 5.1", "октябрь-ноябрь", DueKind.Period, "2023-10-01", "2023-11-30")]
    [InlineData("003 5.2", "декабрь", DueKind.Period, "2023-12-01", "2023-12-31")]
    [InlineData("003 5.3", "декабрь", DueKind.Period, "2023-12-01", "2023-12-31")]
    [InlineData("003 6.1", "декабрь 2023, декабрь 2024", DueKind.Period, "2023-12-01", "2024-12-31")]
    [InlineData("003 6.2", "декабрь 2023, декабрь 2024", DueKind.Period, "2023-12-01", "2024-12-31")]
    [InlineData("003 7.1", "В течение всего периода внедрения", DueKind.Continuous, "2023-09-01", "2024-08-31")]
    [InlineData("003 7.2", "В течение всего периода внедрения", DueKind.Continuous, "2023-09-01", "2024-08-31")]
    // 004: План муниципальных мероприятий на 2023-2024 учебный год, городской округ Клин.
    [InlineData("004 план №1", "В течение года", DueKind.Continuous, "2023-09-01", "2024-08-31")]
    [InlineData("004 план №2", "Сентябрь, октябрь 2023", DueKind.Period, "2023-09-01", "2023-10-31")]
    [InlineData("004 план №3", "Октябрь Январь", DueKind.Period, "2023-10-01", "2024-01-31")]
    [InlineData("004 план №4", "Ноябрь 2023 Март 2024", DueKind.Period, "2023-11-01", "2024-03-31")]
    [InlineData("004 план №5", "Ноябрь 2023 Январь 2024 Февраль 2024 Март 2024", DueKind.Period, "2023-11-01", "2024-03-31")]
    [InlineData("004 план №6", "Ноябрь 2023 Декабрь 2024 Январь 2024", DueKind.Period, "2023-11-01", "2024-12-31")]
    [InlineData("004 план №7", "Декабрь 2023", DueKind.Period, "2023-12-01", "2023-12-31")]
    [InlineData("004 план №8", "Февраль", DueKind.Period, "2024-02-01", "2024-02-29")]
    [InlineData("004 план №9", "Март", DueKind.Period, "2024-03-01", "2024-03-31")]
    [InlineData("004 план №10", "Март 2024 Май 2024", DueKind.Period, "2024-03-01", "2024-05-31")]
    [InlineData("004 план №11", "Март 2024", DueKind.Period, "2024-03-01", "2024-03-31")]
    [InlineData("004 план №12", "Апрель-май", DueKind.Period, "2024-04-01", "2024-05-31")]
    [InlineData("004 план №13", "Май 2024 Июнь 2024", DueKind.Period, "2024-05-01", "2024-06-30")]
    [InlineData("004 план №14", "Январь 2024", DueKind.Period, "2024-01-01", "2024-01-31")]
    [InlineData("004 план №15", "Май 2024 Июнь 2024", DueKind.Period, "2024-05-01", "2024-06-30")]
    [InlineData("004 план, ИОМ", "С августа 2023 в течение учебного года", DueKind.Continuous, "2023-08-01", "2024-08-31")]
    [InlineData("004 план, виртуальный кабинет", "С августа 2023 года в течение учебного года", DueKind.Continuous, "2023-08-01", "2024-08-31")]
    [InlineData("004 план, методический десант", "по заявкам ОО", DueKind.OnRequest, null, null)]
    [InlineData("004 план, профилактика выгорания", "Сентябрь 2023 -май 2024 Октябрь 2023, январь 2024, Апрель 2024", DueKind.Period, "2023-09-01", "2024-05-31")]
    // 004: Дорожная карта на 2023-2024 учебный год, городской округ Клин.
    [InlineData("004 ДК 1 план мероприятий", "Август 2023", DueKind.Period, "2023-08-01", "2023-08-31")]
    [InlineData("004 ДК 1 мониторинг запросов", "Октябрь 2023", DueKind.Period, "2023-10-01", "2023-10-31")]
    [InlineData("004 ДК 1 административное совещание", "Сентябрь 2023", DueKind.Period, "2023-09-01", "2023-09-30")]
    [InlineData("004 ДК 1 план работы", "Сентябрь 2023", DueKind.Period, "2023-09-01", "2023-09-30")]
    [InlineData("004 ДК 1 информирование педагогов", "Сентябрь 2023 Февраль 2024", DueKind.Period, "2023-09-01", "2024-02-29")]
    [InlineData("004 ДК 2 сбор данных", "Сентябрь 2023", DueKind.Period, "2023-09-01", "2023-09-30")]
    [InlineData("004 ДК 2 база наставляемых", "Сентябрь 2023", DueKind.Period, "2023-09-01", "2023-09-30")]
    [InlineData("004 ДК 3 сбор данных", "Сентябрь 2023", DueKind.Period, "2023-09-01", "2023-09-30")]
    [InlineData("004 ДК 3 база наставников", "Сентябрь 2023", DueKind.Period, "2023-09-01", "2023-09-30")]
    [InlineData("004 ДК 4 выявление наставников", "Сентябрь 2023", DueKind.Period, "2023-09-01", "2023-09-30")]
    [InlineData("004 ДК 4 обучение наставников", "Март 2024", DueKind.Period, "2024-03-01", "2024-03-31")]
    [InlineData("004 ДК 5 отбор", "Сентябрь 2023", DueKind.Period, "2023-09-01", "2023-09-30")]
    [InlineData("004 ДК 5 закрепление пар", "Сентябрь 2023", DueKind.Period, "2023-09-01", "2023-09-30")]
    [InlineData("004 ДК 6 встречи (ячейка разбита)", "2023-2024", DueKind.Period, "2023-09-01", "2024-08-31")]
    [InlineData("004 ДК 6 психологическое сопровождение", "2023-2024 учебный год", DueKind.Period, "2023-09-01", "2024-08-31")]
    [InlineData("004 ДК 6 текущий контроль", "Май 2024", DueKind.Period, "2024-05-01", "2024-05-31")]
    [InlineData("004 ДК 7 отчёты", "Май 2024", DueKind.Period, "2024-05-01", "2024-05-31")]
    [InlineData("004 ДК 7 поощрение", "Май 2024", DueKind.Period, "2024-05-01", "2024-05-31")]
    [InlineData("004 ДК 7 публикация", "Май 2024", DueKind.Period, "2024-05-01", "2024-05-31")]
    [InlineData("004 ДК последняя строка", "--", DueKind.Unparsed, null, null)]
    public void Parse_SeedTableDue_ReadsKindAndInterval(string where, string text, DueKind kind, string? start, string? end)
    {
        var due = Due.Parse(text, ContextOf(where));

        Assert.Equal(text, due.Original);
        Assert.Equal(kind, due.Kind);
        Assert.Equal(Day(start), due.Start);
        Assert.Equal(Day(end), due.End);
        Assert.Equal(kind == DueKind.Unparsed, due.NeedsReview && !due.IsParsed);
    }

    // Dues in the seeds' prose (orders and regulations) rather than in their tables.
    [Theory]
    [InlineData("000 дата приказа", "18 февраля 2022 года", DueKind.Date, "2022-02-18", "2022-02-18")]
    [InlineData("000 приказ п.5", "к 30 ноября 2022 года", DueKind.Deadline, null, "2022-11-30")]
    [InlineData("001 п.4.1", "с 2020 до 2024 года", DueKind.Period, "2020-01-01", "2024-12-31")]
    [InlineData("001 п.4.1 полностью", "на период с 2020 до 2024 года", DueKind.Period, "2020-01-01", "2024-12-31")]
    [InlineData("002 дата приказа", "02.11.2022г.", DueKind.Date, "2022-11-02", "2022-11-02")]
    [InlineData("002 сертификат", "с 19.04.2023 до 12.07.2024", DueKind.Period, "2023-04-19", "2024-07-12")]
    [InlineData("002 заголовок дорожной карты", "на 2022—2024 годы", DueKind.Period, "2022-01-01", "2024-12-31")]
    [InlineData("003 дата приказа", "28.07.2023", DueKind.Date, "2023-07-28", "2023-07-28")]
    [InlineData("003 приказ п.4.1", "до 20.09.2023", DueKind.Deadline, null, "2023-09-20")]
    [InlineData("003 приказ п.4.2 (2023)", "на 31.12.2023", DueKind.Deadline, null, "2023-12-31")]
    [InlineData("003 приказ п.4.2 (2024)", "на 31.12.2024", DueKind.Deadline, null, "2024-12-31")]
    [InlineData("003 раздел 3", "в 2023/2024", DueKind.Period, "2023-09-01", "2024-08-31")]
    [InlineData("003 п.3.3", "в 2023-2024 учебном году", DueKind.Period, "2023-09-01", "2024-08-31")]
    [InlineData("003 раздел 5", "на период 2022-2024 годы", DueKind.Period, "2022-01-01", "2024-12-31")]
    [InlineData("003 п.4.1 мероприятие", "с 2023года", DueKind.Continuous, "2023-01-01", "2024-08-31")]
    [InlineData("004 дата приказа", "01.09.2023", DueKind.Date, "2023-09-01", "2023-09-01")]
    [InlineData("004 приказ п.1", "на 2023-2024 учебный год", DueKind.Period, "2023-09-01", "2024-08-31")]
    public void Parse_SeedProseDue_ReadsKindAndInterval(string where, string text, DueKind kind, string? start, string? end)
    {
        var due = Due.Parse(text, ContextOf(where));

        Assert.Equal(kind, due.Kind);
        Assert.Equal(Day(start), due.Start);
        Assert.Equal(Day(end), due.End);
        Assert.Null(due.Warning);
    }

    // Wordings the issue names, and variants that documents like the seeds use. Read against 2023/2024.
    [Theory]
    [InlineData("2023/2024 учебный год", DueKind.Period, "2023-09-01", "2024-08-31")]
    [InlineData("2023-2024\nучебный год", DueKind.Period, "2023-09-01", "2024-08-31")]
    [InlineData("2023-2024 уч. год", DueKind.Period, "2023-09-01", "2024-08-31")]
    [InlineData("2022-2024 годы", DueKind.Period, "2022-01-01", "2024-12-31")]
    [InlineData("2024 год", DueKind.Period, "2024-01-01", "2024-12-31")]
    [InlineData("в 2024 г.", DueKind.Period, "2024-01-01", "2024-12-31")]
    [InlineData("IV квартал 2023 г.", DueKind.Period, "2023-10-01", "2023-12-31")]
    [InlineData("4-й квартал 2023", DueKind.Period, "2023-10-01", "2023-12-31")]
    [InlineData("в 1 квартале 2024 года", DueKind.Period, "2024-01-01", "2024-03-31")]
    [InlineData("2 квартал", DueKind.Period, "2024-04-01", "2024-06-30")]
    [InlineData("II полугодие 2023 года", DueKind.Period, "2023-07-01", "2023-12-31")]
    [InlineData("1 полугодие", DueKind.Period, "2023-09-01", "2023-12-31")]
    [InlineData("2 полугодие", DueKind.Period, "2024-01-01", "2024-08-31")]
    [InlineData("1 полугодие 2023-2024 учебного года", DueKind.Period, "2023-09-01", "2023-12-31")]
    [InlineData("18.02.2024", DueKind.Date, "2024-02-18", "2024-02-18")]
    [InlineData("1 декабря", DueKind.Date, "2023-12-01", "2023-12-01")]
    [InlineData("не позднее 1 декабря 2023 года", DueKind.Deadline, null, "2023-12-01")]
    [InlineData("в срок до 15 мая", DueKind.Deadline, null, "2024-05-15")]
    [InlineData("до конца 2023 года", DueKind.Deadline, null, "2023-12-31")]
    [InlineData("01.09.2023 – 31.10.2023", DueKind.Period, "2023-09-01", "2023-10-31")]
    [InlineData("с 01.09.2023 по 31.10.2023", DueKind.Period, "2023-09-01", "2023-10-31")]
    [InlineData("с сентября по декабрь 2023", DueKind.Period, "2023-09-01", "2023-12-31")]
    [InlineData("Сентябрь 2023 - май 2024", DueKind.Period, "2023-09-01", "2024-05-31")]
    [InlineData("ноябрь - январь 2024", DueKind.Period, "2023-11-01", "2024-01-31")]
    [InlineData("декабрь 2023 — январь", DueKind.Period, "2023-12-01", "2024-01-31")]
    [InlineData("в сентябре и октябре", DueKind.Period, "2023-09-01", "2023-10-31")]
    [InlineData("сент. 2023", DueKind.Period, "2023-09-01", "2023-09-30")]
    [InlineData("Mай 2024", DueKind.Period, "2024-05-01", "2024-05-31")]
    [InlineData("май\u00A02024 г", DueKind.Period, "2024-05-01", "2024-05-31")]
    [InlineData("в течение сентября", DueKind.Continuous, "2023-09-01", "2023-09-30")]
    [InlineData("в течение учебного года", DueKind.Continuous, "2023-09-01", "2024-08-31")]
    [InlineData("с сентября 2023 года", DueKind.Continuous, "2023-09-01", "2024-08-31")]
    [InlineData("ежемесячно", DueKind.Recurring, "2023-09-01", "2024-08-31")]
    [InlineData("1 раз в квартал", DueKind.Recurring, "2023-09-01", "2024-08-31")]
    [InlineData("по мере необходимости", DueKind.OnRequest, null, null)]
    [InlineData("при необходимости", DueKind.OnRequest, null, null)]
    [InlineData("по графику", DueKind.BySchedule, null, null)]
    public void Parse_OtherWording_ReadsKindAndInterval(string text, DueKind kind, string? start, string? end)
    {
        var due = Due.Parse(text, DueContext.ForSchoolYear(2023));

        Assert.Equal(kind, due.Kind);
        Assert.Equal(Day(start), due.Start);
        Assert.Equal(Day(end), due.End);
    }

    [Theory]
    [InlineData("004 план №2", "Сентябрь, октябрь 2023", "2023-09-01..2023-09-30 2023-10-01..2023-10-31")]
    [InlineData("004 план №3", "Октябрь Январь", "2023-10-01..2023-10-31 2024-01-01..2024-01-31")]
    [InlineData("004 план №5", "Ноябрь 2023 Январь 2024 Февраль 2024 Март 2024", "2023-11-01..2023-11-30 2024-01-01..2024-01-31 2024-02-01..2024-02-29 2024-03-01..2024-03-31")]
    [InlineData("004 план, профилактика выгорания", "Сентябрь 2023 -май 2024 Октябрь 2023, январь 2024, Апрель 2024", "2023-09-01..2024-05-31 2023-10-01..2023-10-31 2024-01-01..2024-01-31 2024-04-01..2024-04-30")]
    [InlineData("003 6.1", "декабрь 2023, декабрь 2024", "2023-12-01..2023-12-31 2024-12-01..2024-12-31")]
    [InlineData("002 нормативные документы №4", "ежегодно", "2022-01-01..2022-12-31 2023-01-01..2023-12-31 2024-01-01..2024-12-31")]
    [InlineData("003 6.1", "ежегодно в срок до 1 декабря", "2023-09-01..2023-12-01 2024-01-01..2024-08-31")]
    public void Parse_SeveralMonthsOrRecurrence_KeepsEachOccurrence(string where, string text, string expected)
    {
        var due = Due.Parse(text, ContextOf(where));

        var actual = string.Join(' ', due.Occurrences.Select(o =>
            $"{o.Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}..{o.End.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}"));
        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData("и)")]
    [InlineData("--")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("учебный год")]
    [InlineData("Подготовка условий для реализации")]
    [InlineData("32.13.2023")]
    [InlineData("30.02.2023")]
    [InlineData("сентябрь 20233")]
    [InlineData("Сентябрь 2023 2024")]
    [InlineData("декабрь 2024 - январь 2024")]
    [InlineData("2024-2022")]
    [InlineData("2023-2025 учебный год")]
    [InlineData("2023/2025")]
    [InlineData("5 квартал 2022")]
    [InlineData("3 полугодие 2022 года")]
    [InlineData("31 июня 2023")]
    [InlineData("до")]
    [InlineData("до сентября 2023")]
    [InlineData("сентябрь и")]
    [InlineData("в течение")]
    [InlineData("ежегодно и иногда")]
    [InlineData("1 раз в")]
    [InlineData("15")]
    [InlineData("сентябрь, 15.10.2023")]
    [InlineData("В течение 2022 года (при необходимости) и)")]
    [InlineData("сентябрь?")]
    public void Parse_Garbage_IsUnparsedKeptAsTextAndFlagged(string text)
    {
        var due = Due.Parse(text, DueContext.ForSchoolYear(2023));

        Assert.Equal(DueKind.Unparsed, due.Kind);
        Assert.False(due.IsParsed);
        Assert.True(due.NeedsReview);
        Assert.NotNull(due.Warning);
        Assert.Equal(text, due.Original);
        Assert.Equal(text, due.ToString());
        Assert.Null(due.Start);
        Assert.Null(due.End);
        Assert.Empty(due.Occurrences);
        Assert.Equal(DueStatus.Undated, due.Evaluate(D("2024-01-01")));
        Assert.False(due.IsOverdue(D("2030-01-01")));
    }

    [Fact]
    public void Parse_YearOutsideRoadmapPeriod_ParsesButFlags()
    {
        // Seed 003, item 3.5: a 2023/2024 roadmap says «сентябрь-октябрь 2022».
        var due = Due.Parse("сентябрь-октябрь 2022", DueContext.ForSchoolYear(2023));

        Assert.Equal(DueKind.Period, due.Kind);
        Assert.True(due.NeedsReview);
        Assert.Contains("вне периода", due.Warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MonthsOutOfOrder_ParsesLiterallyButFlags()
    {
        // Seed 004, plan item 6: «Декабрь 2024» between November 2023 and January 2024 is most likely 2023.
        var due = Due.Parse("Ноябрь 2023 Декабрь 2024 Январь 2024", DueContext.ForSchoolYear(2023));

        Assert.Equal(DueKind.Period, due.Kind);
        Assert.Equal(D("2024-12-31"), due.End);
        Assert.True(due.NeedsReview);
        Assert.Contains("не по порядку", due.Warning, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Постоянно")]
    [InlineData("сентябрь-октябрь")]
    [InlineData("до 20.09.2023")]
    [InlineData("ежегодно")]
    [InlineData("по заявкам ОО")]
    public void Parse_OrdinaryDue_IsNotFlagged(string text)
    {
        var due = Due.Parse(text, DueContext.ForSchoolYear(2023));

        Assert.True(due.IsParsed);
        Assert.False(due.NeedsReview);
        Assert.Null(due.Warning);
    }

    [Theory]
    [InlineData("003", "сентябрь-октябрь", "01.09.2023 – 31.10.2023")]
    [InlineData("002", "До 30.12.2022 г.", "до 30.12.2022")]
    [InlineData("000", "18 февраля 2022 года", "18.02.2022")]
    [InlineData("000", "Постоянно", "постоянно, 01.01.2022 – 31.12.2022")]
    [InlineData("002", "ежегодно", "ежегодно, 01.01.2022 – 31.12.2024")]
    [InlineData("003", "ежегодно в срок до 1 декабря", "ежегодно до 01.12, 01.09.2023 – 31.08.2024")]
    [InlineData("001", "не реже 1 раз в 2 недели", "раз в 2 недели, 01.01.2020 – 31.12.2024")]
    [InlineData("002", "не менее одного раза в год", "ежегодно, 01.01.2022 – 31.12.2024")]
    [InlineData("003", "2 раза в год", "2 раза в год, 01.09.2023 – 31.08.2024")]
    [InlineData("003", "декабрь 2023, декабрь 2024", "01.12.2023 – 31.12.2023, 01.12.2024 – 31.12.2024")]
    [InlineData("004", "по заявкам ОО", "по запросу, без даты")]
    [InlineData("003", "согласно графику ОО", "по графику, без даты")]
    [InlineData("003", "и)", "не распознано")]
    public void Description_ParsedDue_ShowsMachineReadingInRussian(string seed, string text, string expected)
    {
        Assert.Equal(expected, Due.Parse(text, ContextOf(seed)).Description);
    }

    [Theory]
    // A deadline is met on its day and overdue the day after.
    [InlineData("002", "До 30.12.2022 г.", "2022-01-10", DueStatus.Current)]
    [InlineData("002", "До 30.12.2022 г.", "2022-12-30", DueStatus.Current)]
    [InlineData("002", "До 30.12.2022 г.", "2022-12-31", DueStatus.Overdue)]
    // A period: upcoming before its first day, current through its last, overdue after.
    [InlineData("003", "сентябрь-октябрь", "2023-08-31", DueStatus.Upcoming)]
    [InlineData("003", "сентябрь-октябрь", "2023-09-01", DueStatus.Current)]
    [InlineData("003", "сентябрь-октябрь", "2023-10-31", DueStatus.Current)]
    [InlineData("003", "сентябрь-октябрь", "2023-11-01", DueStatus.Overdue)]
    [InlineData("000", "4 квартал 2022 года", "2023-01-01", DueStatus.Overdue)]
    [InlineData("000", "18 февраля 2022 года", "2022-02-18", DueStatus.Current)]
    [InlineData("000", "18 февраля 2022 года", "2022-02-19", DueStatus.Overdue)]
    // Several months: judged by the whole span.
    [InlineData("003", "декабрь 2023, декабрь 2024", "2024-06-01", DueStatus.Current)]
    [InlineData("003", "декабрь 2023, декабрь 2024", "2025-01-01", DueStatus.Overdue)]
    // Continuous: ends, never overdue.
    [InlineData("000", "Постоянно", "2021-12-31", DueStatus.Upcoming)]
    [InlineData("000", "Постоянно", "2022-06-01", DueStatus.Current)]
    [InlineData("000", "Постоянно", "2023-01-01", DueStatus.Ended)]
    [InlineData("004", "С августа 2023 в течение учебного года", "2024-09-01", DueStatus.Ended)]
    // On request, by schedule: no dates.
    [InlineData("004", "по заявкам ОО", "2030-01-01", DueStatus.Undated)]
    [InlineData("003", "согласно графику ОО", "2030-01-01", DueStatus.Undated)]
    // Recurring: the current occurrence.
    [InlineData("002", "ежегодно", "2021-12-31", DueStatus.Upcoming)]
    [InlineData("002", "ежегодно", "2023-06-01", DueStatus.Current)]
    [InlineData("002", "ежегодно", "2025-01-01", DueStatus.Overdue)]
    [InlineData("002", "ежегодно в срок до 1 декабря", "2023-12-01", DueStatus.Current)]
    [InlineData("002", "ежегодно в срок до 1 декабря", "2023-12-02", DueStatus.Overdue)]
    [InlineData("002", "ежегодно в срок до 1 декабря", "2024-01-09", DueStatus.Current)]
    public void Evaluate_Today_ReturnsStatus(string seed, string text, string today, DueStatus expected)
    {
        var due = Due.Parse(text, ContextOf(seed));

        Assert.Equal(expected, due.Evaluate(D(today)));
        Assert.Equal(expected == DueStatus.Overdue, due.IsOverdue(D(today)));
    }

    [Fact]
    public void IsOverdue_ContinuousAndOnRequest_NeverOverdue()
    {
        var context = DueContext.ForYear(2022);
        var later = D("2040-01-01");

        Assert.False(Due.Parse("Постоянно", context).IsOverdue(later));
        Assert.False(Due.Parse("В течение 2022 года", context).IsOverdue(later));
        Assert.False(Due.Parse("В течение 2022 года (при необходимости)", context).IsOverdue(later));
        Assert.False(Due.Parse("по заявкам ОО", context).IsOverdue(later));
        Assert.False(Due.Parse("в соответствии со сроками реализации программ", context).IsOverdue(later));
    }

    [Fact]
    public void CurrentOccurrence_RecurringYearly_IsThisYear()
    {
        var due = Due.Parse("ежегодно", DueContext.ForYears(2022, 2024));

        Assert.Equal(new DueInterval(D("2023-01-01"), D("2023-12-31")), due.CurrentOccurrence(D("2023-05-15")));
        Assert.Equal(new DueRecurrence(RecurrenceUnit.Year), due.Recurrence);
    }

    [Fact]
    public void CurrentOccurrence_BetweenListedMonths_IsTheNextOne()
    {
        var due = Due.Parse("декабрь 2023, декабрь 2024", DueContext.ForSchoolYear(2023));

        Assert.Equal(new DueInterval(D("2024-12-01"), D("2024-12-31")), due.CurrentOccurrence(D("2024-01-15")));
    }

    [Fact]
    public void Parse_FortnightlyReports_RepeatsEveryTwoWeeksFromStart()
    {
        // Seed 001, п.7: «не реже 1 раз в 2 недели».
        var due = Due.Parse("не реже 1 раз в 2 недели", DueContext.ForSchoolYear(2023));

        Assert.Equal(DueKind.Recurring, due.Kind);
        Assert.Equal(new DueRecurrence(RecurrenceUnit.Week, Every: 2), due.Recurrence);
        Assert.Equal(new DueInterval(D("2023-09-15"), D("2023-09-28")), due.CurrentOccurrence(D("2023-09-20")));
    }

    [Fact]
    public void Evaluate_YearlyDeadlineBeforeRoadmapStart_WaitsForNextYear()
    {
        var due = Due.Parse("ежегодно в срок до 1 декабря", new DueContext(D("2023-12-15"), D("2025-12-31")));

        Assert.Equal(new DueInterval(D("2024-01-01"), D("2024-12-01")), due.Occurrences[0]);
        Assert.Equal(DueStatus.Upcoming, due.Evaluate(D("2023-12-20")));
        Assert.Equal(DueStatus.Current, due.Evaluate(D("2024-03-01")));
        Assert.Equal(DueStatus.Overdue, due.Evaluate(D("2024-12-02")));
    }

    [Fact]
    public void Occurrences_CastBackToList_CannotBeChanged()
    {
        var due = Due.Parse("декабрь 2023, декабрь 2024", DueContext.ForSchoolYear(2023));

        Assert.IsNotType<List<DueInterval>>(due.Occurrences);
        Assert.IsNotType<DueInterval[]>(due.Occurrences);
    }

    [Fact]
    public void Parse_NullText_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => Due.Parse(null!, DueContext.ForYear(2022)));
    }

    [Fact]
    public void DueContext_SchoolYearStart_SpansSeptemberToAugust()
    {
        var context = new DueContext(SchoolYearStart: 2023);

        Assert.Equal(D("2023-09-01"), context.PeriodStart);
        Assert.Equal(D("2024-08-31"), context.PeriodEnd);
        Assert.True(context.IsSchoolYear);
        Assert.False(DueContext.ForYear(2023).IsSchoolYear);
    }
}
