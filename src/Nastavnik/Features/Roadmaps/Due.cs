using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Nastavnik.Features.Roadmaps;

/// <summary>What kind of «срок» a roadmap item has.</summary>
public enum DueKind
{
    /// <summary>One day: «01.09.2023», «18 февраля 2022 года».</summary>
    Date,

    /// <summary>A deadline with no start: «до 30.12.2022», «не позднее …», «к 30 ноября 2022 года».</summary>
    Deadline,

    /// <summary>A span or a list of spans: months, a quarter, a half-year, a year, a school year, a date range.</summary>
    Period,

    /// <summary>A repeating due: «ежегодно», «ежемесячно», «1 раз в квартал».</summary>
    Recurring,

    /// <summary>All along a span: «постоянно», «в течение года», «в течение всего периода реализации ЦМН».</summary>
    Continuous,

    /// <summary>When asked for: «по заявкам ОО», «по мере необходимости», «при необходимости».</summary>
    OnRequest,

    /// <summary>By someone else's schedule: «согласно графику ОО», «в соответствии со сроками реализации программ».</summary>
    BySchedule,

    /// <summary>Not understood: the text is kept and flagged for a person to read.</summary>
    Unparsed,
}

/// <summary>Where today stands against a due.</summary>
public enum DueStatus
{
    /// <summary>The due (or its first occurrence) has not started yet.</summary>
    Upcoming,

    /// <summary>Today is inside the due (for a deadline: the deadline has not passed).</summary>
    Current,

    /// <summary>The due (for a recurring due: the current occurrence) ended before today.</summary>
    Overdue,

    /// <summary>A continuous due whose span is over; this is not a failure.</summary>
    Ended,

    /// <summary>No dates to compare with: on request, by schedule, unparsed.</summary>
    Undated,
}

/// <summary>The unit a recurring due repeats in.</summary>
public enum RecurrenceUnit
{
    Week,
    Month,
    Quarter,
    HalfYear,
    Year,
}

/// <summary>
/// How a recurring due repeats: <paramref name="Times"/> times in every <paramref name="Every"/> units
/// («2 раза в год» = Year, 1, 2; «1 раз в 2 недели» = Week, 2, 1). A yearly due may carry a day
/// it is due by each year («ежегодно в срок до 1 декабря»).
/// </summary>
public sealed record DueRecurrence(
    RecurrenceUnit Unit,
    int Every = 1,
    int Times = 1,
    int? DeadlineMonth = null,
    int? DeadlineDay = null);

/// <summary>An inclusive span of days.</summary>
public readonly record struct DueInterval(DateOnly Start, DateOnly End)
{
    public bool Contains(DateOnly day) => Start <= day && day <= End;

    /// <summary>«01.09.2023 – 31.10.2023», or one date when the span is one day.</summary>
    public override string ToString() =>
        Start == End ? Due.FormatDate(Start) : $"{Due.FormatDate(Start)} – {Due.FormatDate(End)}";
}

/// <summary>
/// What a due without its own year is read against: the roadmap's period. A month without a year is
/// its first occurrence on or after the period's start month, so for the school year 2023/2024
/// September–December are 2023 and January–August are 2024. «Постоянно», «в течение года»,
/// «ежегодно» span the whole period.
/// </summary>
public sealed record DueContext
{
    /// <summary>The school year that starts on 1 September of <paramref name="SchoolYearStart"/>.</summary>
    public DueContext(int SchoolYearStart)
        : this(new DateOnly(SchoolYearStart, 9, 1), new DateOnly(SchoolYearStart + 1, 8, 31))
    {
    }

    public DueContext(DateOnly PeriodStart, DateOnly PeriodEnd)
    {
        if (PeriodEnd < PeriodStart)
        {
            throw new ArgumentException("The period ends before it starts.", nameof(PeriodEnd));
        }

        this.PeriodStart = PeriodStart;
        this.PeriodEnd = PeriodEnd;
    }

    public DateOnly PeriodStart { get; }

    public DateOnly PeriodEnd { get; }

    /// <summary>True when the period is exactly one school year (1 September – 31 August).</summary>
    public bool IsSchoolYear =>
        PeriodStart.Month == 9 && PeriodStart.Day == 1 && PeriodEnd == new DateOnly(PeriodStart.Year + 1, 8, 31);

    public static DueContext ForSchoolYear(int startYear) => new(startYear);

    public static DueContext ForYear(int year) => ForYears(year, year);

    public static DueContext ForYears(int firstYear, int lastYear) =>
        new(new DateOnly(firstYear, 1, 1), new DateOnly(lastYear, 12, 31));
}

/// <summary>
/// The «срок» of a roadmap item: the wording as written (<see cref="Original"/>) and what it means in
/// days (<see cref="Kind"/>, <see cref="Start"/>, <see cref="End"/>, <see cref="Occurrences"/>), so that
/// it can be shown beside the text and compared with today. Text that cannot be read is kept as
/// <see cref="DueKind.Unparsed"/> and flagged by <see cref="NeedsReview"/>; it never becomes a guessed date.
/// </summary>
public sealed class Due
{
    private Due(
        string original,
        DueKind kind,
        DateOnly? start,
        DateOnly? end,
        IReadOnlyList<DueInterval> occurrences,
        DueRecurrence? recurrence,
        string? warning)
    {
        Original = original;
        Kind = kind;
        Start = start;
        End = end;
        Occurrences = Array.AsReadOnly(occurrences.ToArray());
        Recurrence = recurrence;
        Warning = warning;
        Description = Describe();
    }

    /// <summary>The text exactly as written in the document.</summary>
    public string Original { get; }

    public DueKind Kind { get; }

    /// <summary>First day (inclusive); null for a deadline and for undated kinds.</summary>
    public DateOnly? Start { get; }

    /// <summary>Last day (inclusive); null for undated kinds.</summary>
    public DateOnly? End { get; }

    /// <summary>
    /// The spans the text names, in its order: one for «сентябрь-октябрь», two for
    /// «декабрь 2023, декабрь 2024», each year's window for «ежегодно». Empty for a deadline and undated kinds.
    /// </summary>
    public IReadOnlyList<DueInterval> Occurrences { get; }

    /// <summary>How a <see cref="DueKind.Recurring"/> due repeats; null otherwise.</summary>
    public DueRecurrence? Recurrence { get; }

    /// <summary>
    /// Why a parsed due still deserves a look (months out of order, a year outside the roadmap's
    /// period), or why it could not be parsed. Russian, for the UI.
    /// </summary>
    public string? Warning { get; }

    public bool IsParsed => Kind != DueKind.Unparsed;

    /// <summary>Unparsed or suspicious: show the warning beside the text.</summary>
    public bool NeedsReview => Kind == DueKind.Unparsed || Warning is not null;

    /// <summary>The machine reading in Russian, e.g. «01.09.2023 – 31.10.2023», «до 30.12.2022».</summary>
    public string Description { get; }

    /// <summary>Reads a due. Never throws on bad text: what it cannot read comes back <see cref="DueKind.Unparsed"/>.</summary>
    public static Due Parse(string text, DueContext context)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(context);

        var result = DueParser.Parse(text, context);
        if (result.Kind == DueKind.Unparsed)
        {
            return new Due(text, DueKind.Unparsed, null, null, [], null, result.Warning);
        }

        var occurrences = result.Occurrences;
        if (result.Kind == DueKind.Recurring && result.Recurrence is not null && result.Start is { } s && result.End is { } e)
        {
            occurrences = Enumerate(result.Recurrence, s, e);
        }

        return new Due(text, result.Kind, result.Start, result.End, occurrences, result.Recurrence, result.Warning);
    }

    /// <summary>
    /// Where today stands. Date, deadline and period: overdue once <see cref="End"/> is before today.
    /// Recurring: judged by the current occurrence (overdue when its own deadline has passed, or the last one has).
    /// Continuous: upcoming, current or ended, never overdue. On request, by schedule, unparsed: undated.
    /// </summary>
    public DueStatus Evaluate(DateOnly today)
    {
        switch (Kind)
        {
            case DueKind.Date or DueKind.Deadline or DueKind.Period:
                if (End is { } end && end < today)
                {
                    return DueStatus.Overdue;
                }

                return Start is { } start && today < start ? DueStatus.Upcoming : DueStatus.Current;

            case DueKind.Continuous:
                if (Start is { } from && today < from)
                {
                    return DueStatus.Upcoming;
                }

                return End is { } to && to < today ? DueStatus.Ended : DueStatus.Current;

            case DueKind.Recurring:
                if (CurrentOccurrence(today) is not { } occurrence)
                {
                    return DueStatus.Undated;
                }

                if (today < occurrence.Start)
                {
                    return DueStatus.Upcoming;
                }

                return occurrence.End < today ? DueStatus.Overdue : DueStatus.Current;

            default:
                return Start is null && End is null ? DueStatus.Undated : DueStatus.Current;
        }
    }

    public bool IsOverdue(DateOnly today) => Evaluate(today) == DueStatus.Overdue;

    /// <summary>
    /// The occurrence that matters today: the one containing today, else the next one, else the last one.
    /// For a recurring due, the window of the current unit (this year for «ежегодно»). Null when there are none.
    /// </summary>
    public DueInterval? CurrentOccurrence(DateOnly today)
    {
        if (Kind == DueKind.Recurring && Recurrence is not null && Start is { } start && End is { } end)
        {
            if (today < start)
            {
                return Occurrences.Count > 0 ? Occurrences[0] : null;
            }

            if (today > end)
            {
                return Occurrences.Count > 0 ? Occurrences[^1] : null;
            }

            var (unitStart, unitEnd) = UnitBounds(Recurrence, start, today);
            var window = new DueInterval(Max(unitStart, start), Min(WindowEnd(Recurrence, unitStart, unitEnd), end));
            if (window.Start <= window.End)
            {
                return window;
            }

            // This unit's deadline fell before the due began (the roadmap starts on 15 December,
            // «ежегодно до 1 декабря»): the first real occurrence is the next one.
            return Occurrences.Where(o => o.Start > today).Select(o => (DueInterval?)o).FirstOrDefault()
                ?? (Occurrences.Count > 0 ? Occurrences[^1] : null);
        }

        if (Occurrences.Count == 0)
        {
            return null;
        }

        foreach (var occurrence in Occurrences)
        {
            if (occurrence.Contains(today))
            {
                return occurrence;
            }
        }

        DueInterval? next = null;
        foreach (var occurrence in Occurrences)
        {
            if (occurrence.Start > today && (next is null || occurrence.Start < next.Value.Start))
            {
                next = occurrence;
            }
        }

        return next ?? Occurrences.MaxBy(o => o.End);
    }

    /// <summary>The original wording, as a table cell shows it.</summary>
    public override string ToString() => Original;

    internal static string FormatDate(DateOnly date) => date.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture);

    private string Describe()
    {
        var span = Start is { } s && End is { } e ? new DueInterval(s, e).ToString() : null;
        return Kind switch
        {
            DueKind.Date or DueKind.Period => Occurrences.Count > 0
                ? string.Join(", ", Occurrences.Select(o => o.ToString()))
                : span ?? string.Empty,
            DueKind.Deadline => End is { } deadline ? $"до {FormatDate(deadline)}" : "до …",
            DueKind.Continuous => span is null ? "постоянно" : $"постоянно, {span}",
            DueKind.Recurring => Recurrence is null ? "регулярно" : $"{DescribeRecurrence(Recurrence)}, {span}",
            DueKind.OnRequest => "по запросу, без даты",
            DueKind.BySchedule => "по графику, без даты",
            _ => "не распознано",
        };
    }

    private static string DescribeRecurrence(DueRecurrence r)
    {
        string frequency;
        if (r.Every == 1 && r.Times == 1)
        {
            frequency = r.Unit switch
            {
                RecurrenceUnit.Week => "еженедельно",
                RecurrenceUnit.Month => "ежемесячно",
                RecurrenceUnit.Quarter => "ежеквартально",
                RecurrenceUnit.HalfYear => "раз в полугодие",
                _ => "ежегодно",
            };
        }
        else
        {
            var times = r.Times == 1 ? "раз" : $"{r.Times} {Plural(r.Times, "раз", "раза", "раз")}";
            var unit = r.Unit switch
            {
                RecurrenceUnit.Week => r.Every == 1 ? "неделю" : Plural(r.Every, "неделю", "недели", "недель"),
                RecurrenceUnit.Month => r.Every == 1 ? "месяц" : Plural(r.Every, "месяц", "месяца", "месяцев"),
                RecurrenceUnit.Quarter => r.Every == 1 ? "квартал" : Plural(r.Every, "квартал", "квартала", "кварталов"),
                RecurrenceUnit.HalfYear => r.Every == 1 ? "полугодие" : Plural(r.Every, "полугодие", "полугодия", "полугодий"),
                _ => r.Every == 1 ? "год" : Plural(r.Every, "год", "года", "лет"),
            };
            frequency = r.Every == 1 ? $"{times} в {unit}" : $"{times} в {r.Every} {unit}";
        }

        if (r.DeadlineMonth is { } month && r.DeadlineDay is { } day)
        {
            frequency += $" до {day:00}.{month:00}";
        }

        return frequency;
    }

    private static string Plural(int n, string one, string few, string many)
    {
        var lastTwo = n % 100;
        var last = n % 10;
        if (lastTwo is >= 11 and <= 14)
        {
            return many;
        }

        return last switch
        {
            1 => one,
            >= 2 and <= 4 => few,
            _ => many,
        };
    }

    private static List<DueInterval> Enumerate(DueRecurrence recurrence, DateOnly start, DateOnly end)
    {
        var list = new List<DueInterval>();
        var day = start;
        while (day <= end)
        {
            var (unitStart, unitEnd) = UnitBounds(recurrence, start, day);
            var window = new DueInterval(Max(unitStart, start), Min(WindowEnd(recurrence, unitStart, unitEnd), end));
            if (window.Start <= window.End)
            {
                list.Add(window);
            }

            if (unitEnd >= DateOnly.MaxValue.AddDays(-1))
            {
                break;
            }

            day = unitEnd.AddDays(1);
        }

        return list;
    }

    private static DateOnly WindowEnd(DueRecurrence recurrence, DateOnly unitStart, DateOnly unitEnd)
    {
        if (recurrence.Unit != RecurrenceUnit.Year || recurrence.DeadlineMonth is not { } month || recurrence.DeadlineDay is not { } day)
        {
            return unitEnd;
        }

        var deadline = new DateOnly(unitStart.Year, month, Math.Min(day, DateTime.DaysInMonth(unitStart.Year, month)));
        if (deadline < unitStart)
        {
            deadline = deadline.AddYears(1);
        }

        return Min(deadline, unitEnd);
    }

    /// <summary>The calendar-aligned unit (anchored at the due's start for weeks) that contains <paramref name="day"/>.</summary>
    private static (DateOnly Start, DateOnly End) UnitBounds(DueRecurrence recurrence, DateOnly anchor, DateOnly day)
    {
        var every = Math.Max(1, recurrence.Every);
        if (recurrence.Unit == RecurrenceUnit.Week)
        {
            var length = 7 * every;
            var index = (day.DayNumber - anchor.DayNumber) / length;
            var first = DateOnly.FromDayNumber(anchor.DayNumber + (index * length));
            return (first, first.AddDays(length - 1));
        }

        var unitMonths = recurrence.Unit switch
        {
            RecurrenceUnit.Month => 1,
            RecurrenceUnit.Quarter => 3,
            RecurrenceUnit.HalfYear => 6,
            _ => 12,
        };
        var anchorMonth = (anchor.Year * 12) + anchor.Month - 1;
        anchorMonth -= anchorMonth % unitMonths;
        var span = unitMonths * every;
        var dayMonth = (day.Year * 12) + day.Month - 1;
        var startMonth = anchorMonth + ((dayMonth - anchorMonth) / span * span);
        var unitStart = new DateOnly(startMonth / 12, (startMonth % 12) + 1, 1);
        return (unitStart, unitStart.AddMonths(span).AddDays(-1));
    }

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;
}

/// <summary>The reading of a due text, before it becomes a <see cref="Due"/>.</summary>
internal sealed record DueReading(
    DueKind Kind,
    DateOnly? Start,
    DateOnly? End,
    IReadOnlyList<DueInterval> Occurrences,
    DueRecurrence? Recurrence,
    string? Warning);

/// <summary>
/// A small strict grammar for the dues the documents use. The text is lower-cased, dashes and spaces are
/// normalised, whole phrases («по заявкам ОО», «согласно графику ОО», «постоянно») are matched first, and
/// everything else is tokenised and read as: a deadline («до», «не позднее», «к», «на»), a start («с … по …»,
/// «с … в течение учебного года»), «в течение …», a frequency («ежегодно», «1 раз в квартал»), or a
/// sequence of dates, months, quarters, half-years, years and school years. Anything left over is an error.
/// </summary>
internal sealed partial class DueParser
{
    private const string NotRecognised = "Срок не распознан, сохранён как текст";

    private static readonly Dictionary<string, int> Months = BuildMonths();

    private static readonly HashSet<string> GenitiveMonths =
    [
        "января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря",
        "янв", "фев", "февр", "мар", "апр", "июн", "июл", "авг", "сен", "сент", "окт", "ноя", "нояб", "дек",
    ];

    private static readonly HashSet<string> MonthAbbreviations =
        ["янв", "фев", "февр", "мар", "апр", "июн", "июл", "авг", "сен", "сент", "окт", "ноя", "нояб", "дек"];

    private readonly DueContext context;
    private readonly List<Token> tokens;
    private int position;

    private DueParser(DueContext context, List<Token> tokens)
    {
        this.context = context;
        this.tokens = tokens;
    }

    private enum TokenKind
    {
        Word,
        Number,
        Date,
        Dash,
        Comma,
        Slash,
        Dot,
    }

    private enum AtomKind
    {
        Day,
        Month,
        Quarter,
        Half,
        Year,
        YearSpan,
    }

    public static DueReading Parse(string text, DueContext context)
    {
        var normalized = Normalize(text);
        if (normalized.Length == 0 || normalized.All(c => c == '-'))
        {
            return Unparsed("Срок не указан");
        }

        normalized = Qualifier().Replace(normalized, string.Empty).Trim();

        if (OnRequestPhrase().IsMatch(normalized))
        {
            return new DueReading(DueKind.OnRequest, null, null, [], null, null);
        }

        if (BySchedulePhrase().IsMatch(normalized))
        {
            return new DueReading(DueKind.BySchedule, null, null, [], null, null);
        }

        if (WholePeriodPhrase().IsMatch(normalized))
        {
            var whole = new DueInterval(context.PeriodStart, context.PeriodEnd);
            return new DueReading(DueKind.Continuous, whole.Start, whole.End, [whole], null, null);
        }

        var tokens = Tokenize(normalized);
        if (tokens is null)
        {
            return Unparsed(NotRecognised);
        }

        var parser = new DueParser(context, tokens);
        var reading = parser.ParseAll();
        if (reading is null || !parser.AtEnd)
        {
            return Unparsed(NotRecognised);
        }

        return reading with { Warning = parser.Check(reading) };
    }

    private static DueReading Unparsed(string warning) => new(DueKind.Unparsed, null, null, [], null, warning);

    private bool AtEnd => position >= tokens.Count;

    private DueReading? ParseAll()
    {
        if (TryParseFrequency() is { } recurrence)
        {
            return ParseRecurrenceTail(recurrence);
        }

        if (AcceptWords("не", "позднее") || AcceptWords("в", "срок", "до") || AcceptWord("до") || AcceptWord("к"))
        {
            return ParseDeadline(allowPeriod: false);
        }

        if (AcceptWord("на"))
        {
            if (AcceptWord("период"))
            {
                if (AcceptWord("с") || AcceptWord("со"))
                {
                    return ParseFrom();
                }

                var period = ParseSequence();
                return period is null ? null : Reading(period, DueKind.Period);
            }

            return ParseDeadline(allowPeriod: true);
        }

        if (AcceptWord("с") || AcceptWord("со"))
        {
            return ParseFrom();
        }

        if (AcceptWords("в", "течение"))
        {
            var within = ParseSequence();
            return within is null ? null : Reading(within, DueKind.Continuous);
        }

        var sequence = ParseSequence();
        return sequence is null ? null : Reading(sequence, null);
    }

    private DueReading? ParseDeadline(bool allowPeriod)
    {
        if (AcceptWord("конца"))
        {
            var of = ParseSequence();
            if (of is null)
            {
                return null;
            }

            var end = of.Intervals.Max(o => o.End);
            return new DueReading(DueKind.Deadline, null, end, [], null, null);
        }

        var sequence = ParseSequence();
        if (sequence is null)
        {
            return null;
        }

        if (sequence.SingleDate)
        {
            return new DueReading(DueKind.Deadline, null, sequence.Intervals[0].End, [], null, null);
        }

        return allowPeriod ? Reading(sequence, null) : null;
    }

    private DueReading? ParseFrom()
    {
        var from = ParseAtom();
        if (from is null || from.Kind is AtomKind.YearSpan)
        {
            return null;
        }

        if (AcceptWord("по") || AcceptWord("до") || Accept(TokenKind.Dash))
        {
            var to = ParseAtom();
            if (to is null || !AtEnd)
            {
                return null;
            }

            var range = Resolve([new Segment(from, to)]);
            return range is null ? null : Reading(range, DueKind.Period);
        }

        var start = Resolve([new Segment(from, null)]);
        if (start is null)
        {
            return null;
        }

        var first = start.Intervals[0].Start;
        DateOnly end;
        if (AcceptWords("в", "течение"))
        {
            if (AcceptWord("учебного"))
            {
                if (!AcceptWord("года"))
                {
                    return null;
                }

                var schoolYear = first.Month >= 8 ? first.Year : first.Year - 1;
                end = new DateOnly(schoolYear + 1, 8, 31);
            }
            else if (AcceptWord("года"))
            {
                end = first.AddYears(1).AddDays(-1);
            }
            else if (AcceptWord("всего") && (AcceptWord("периода") || AcceptWord("срока")))
            {
                while (Peek() is { Kind: TokenKind.Word })
                {
                    position++;
                }

                end = context.PeriodEnd;
            }
            else
            {
                return null;
            }
        }
        else
        {
            end = context.PeriodEnd >= first ? context.PeriodEnd : start.Intervals[0].End;
        }

        var interval = new DueInterval(first, end);
        return new DueReading(DueKind.Continuous, first, end, [interval], null, null);
    }

    private DueReading? ParseRecurrenceTail(DueRecurrence recurrence)
    {
        if (recurrence.Unit == RecurrenceUnit.Year && recurrence.Every == 1 &&
            (AcceptWords("в", "срок", "до") || AcceptWord("до") || AcceptWords("не", "позднее")))
        {
            if (Peek() is not { Kind: TokenKind.Number } day || Peek(1) is not { Kind: TokenKind.Word } word ||
                !GenitiveMonths.Contains(word.Text) || !Months.TryGetValue(word.Text, out var month) ||
                day.Number < 1 || day.Number > DateTime.DaysInMonth(2024, month))
            {
                return null;
            }

            position += 2;
            SkipAbbreviationDot(word.Text);
            recurrence = recurrence with { DeadlineMonth = month, DeadlineDay = day.Number };
        }

        return new DueReading(DueKind.Recurring, context.PeriodStart, context.PeriodEnd, [], recurrence, null);
    }

    /// <summary>«ежегодно», «ежемесячно», «ежеквартально», «еженедельно», «[не реже] N раз(а) в [M] единиц».</summary>
    private DueRecurrence? TryParseFrequency()
    {
        if (AcceptWord("ежегодно"))
        {
            return new DueRecurrence(RecurrenceUnit.Year);
        }

        if (AcceptWord("ежемесячно"))
        {
            return new DueRecurrence(RecurrenceUnit.Month);
        }

        if (AcceptWord("ежеквартально"))
        {
            return new DueRecurrence(RecurrenceUnit.Quarter);
        }

        if (AcceptWord("еженедельно"))
        {
            return new DueRecurrence(RecurrenceUnit.Week);
        }

        var save = position;
        _ = AcceptWords("не", "реже") || AcceptWords("не", "менее");
        var times = 1;
        if (Peek() is { Kind: TokenKind.Number } count && count.Number is >= 1 and <= 31)
        {
            times = count.Number;
            position++;
        }
        else if (Peek() is { Kind: TokenKind.Word } numeral && CountWord(numeral.Text) is { } counted)
        {
            times = counted;
            position++;
        }

        if (!(AcceptWord("раз") || AcceptWord("раза")) || !AcceptWord("в"))
        {
            position = save;
            return null;
        }

        var every = 1;
        if (Peek() is { Kind: TokenKind.Number } units && units.Number is >= 2 and <= 12)
        {
            every = units.Number;
            position++;
        }

        RecurrenceUnit? unit = Peek() is { Kind: TokenKind.Word } w
            ? w.Text switch
            {
                "год" or "года" or "лет" => RecurrenceUnit.Year,
                "полугодие" or "полугодия" => RecurrenceUnit.HalfYear,
                "квартал" or "квартала" => RecurrenceUnit.Quarter,
                "месяц" or "месяца" or "месяцев" => RecurrenceUnit.Month,
                "неделю" or "недели" or "недель" => RecurrenceUnit.Week,
                _ => null,
            }
            : null;
        if (unit is null)
        {
            position = save;
            return null;
        }

        position++;
        return new DueRecurrence(unit.Value, every, times);
    }

    private static int? CountWord(string word) => word switch
    {
        "один" or "одного" or "однажды" => 1,
        "два" or "двух" => 2,
        "три" or "трех" => 3,
        "четыре" or "четырех" => 4,
        _ => null,
    };

    /// <summary>Segments separated by commas, «и», spaces; «в»/«во» may stand before any of them.</summary>
    private Sequence? ParseSequence()
    {
        var segments = new List<Segment>();
        while (!AtEnd)
        {
            var sawFiller = false;
            while (segments.Count > 0 && (Accept(TokenKind.Comma) || AcceptWord("и")))
            {
                sawFiller = true;
            }

            if (AcceptWord("в") || AcceptWord("во"))
            {
                sawFiller = true;
            }

            if (AtEnd)
            {
                return sawFiller || segments.Count == 0 ? null : Resolve(segments);
            }

            var from = ParseAtom();
            if (from is null)
            {
                return null;
            }

            Atom? to = null;
            if (Accept(TokenKind.Dash))
            {
                to = ParseAtom();
                if (to is null)
                {
                    return null;
                }
            }

            segments.Add(new Segment(from, to));
        }

        return segments.Count == 0 ? null : Resolve(segments);
    }

    private Atom? ParseAtom()
    {
        if (Peek() is not { } token)
        {
            return null;
        }

        switch (token.Kind)
        {
            case TokenKind.Date:
                position++;
                SkipYearWord();
                return new Atom(AtomKind.Day) { Day = token.Date.Day, Month = token.Date.Month, Year = token.Date.Year };

            case TokenKind.Number when IsYear(token.Number):
                position++;
                if (Peek() is { Kind: TokenKind.Dash or TokenKind.Slash } separator &&
                    Peek(1) is { Kind: TokenKind.Number } second && IsYear(second.Number))
                {
                    position += 2;
                    return ParseYearSpan(token.Number, second.Number, separator.Kind == TokenKind.Slash);
                }

                SkipYearWord();
                return new Atom(AtomKind.Year) { Year = token.Number };

            case TokenKind.Number when token.Number is >= 1 and <= 31 &&
                                       Peek(1) is { Kind: TokenKind.Word } monthWord && GenitiveMonths.Contains(monthWord.Text):
                position += 2;
                SkipAbbreviationDot(monthWord.Text);
                var dayYear = ParseOptionalYear();
                return new Atom(AtomKind.Day)
                {
                    Day = token.Number, Month = Months[monthWord.Text], Year = dayYear,
                };

            case TokenKind.Number when token.Number is >= 1 and <= 4:
            {
                var save = position;
                position++;
                if (Peek() is { Kind: TokenKind.Dash } && Peek(1) is { Kind: TokenKind.Word } suffix &&
                    suffix.Text is "й" or "ый" or "ой" or "е" or "ое" or "ее" or "го")
                {
                    position += 2;
                }

                var part = ParsePartOfYear(token.Number);
                if (part is null)
                {
                    position = save;
                }

                return part;
            }

            case TokenKind.Word when Months.TryGetValue(token.Text, out var month):
                position++;
                SkipAbbreviationDot(token.Text);
                var year = ParseOptionalYear();
                return new Atom(AtomKind.Month) { Month = month, Year = year };

            case TokenKind.Word when Ordinal(token.Text) is { } ordinal:
            {
                var save = position;
                position++;
                var part = ParsePartOfYear(ordinal);
                if (part is null)
                {
                    position = save;
                }

                return part;
            }

            default:
                return null;
        }
    }

    /// <summary>After «4» or «IV»: «квартал [2022 года]», «полугодие [2022 года | 2023-2024 учебного года]».</summary>
    private Atom? ParsePartOfYear(int index)
    {
        AtomKind kind;
        if (AcceptWord("квартал") || AcceptWord("квартала") || AcceptWord("квартале") || AcceptWord("кв"))
        {
            kind = AtomKind.Quarter;
            SkipAbbreviationDot("кв");
            if (index is < 1 or > 4)
            {
                return null;
            }
        }
        else if (AcceptWord("полугодие") || AcceptWord("полугодия") || AcceptWord("полугодии"))
        {
            kind = AtomKind.Half;
            if (index is < 1 or > 2)
            {
                return null;
            }
        }
        else
        {
            return null;
        }

        if (Peek() is { Kind: TokenKind.Number } first && IsYear(first.Number) &&
            Peek(1) is { Kind: TokenKind.Dash or TokenKind.Slash } separator &&
            Peek(2) is { Kind: TokenKind.Number } second && IsYear(second.Number))
        {
            // «1 полугодие 2023-2024 учебного года»: a half of a school year.
            position += 3;
            var span = ParseYearSpan(first.Number, second.Number, separator.Kind == TokenKind.Slash);
            if (kind != AtomKind.Half || span is not { School: true })
            {
                return null;
            }

            return new Atom(AtomKind.Half) { Index = index, School = true, Year = index == 1 ? first.Number : second.Number };
        }

        var year = ParseOptionalYear();
        return new Atom(kind)
        {
            Index = index,
            Year = year,
            School = kind == AtomKind.Half && year is null && context.IsSchoolYear,
        };
    }

    /// <summary>«2023-2024», «2023/2024 учебный год», «2022-2024 годы».</summary>
    private Atom? ParseYearSpan(int first, int second, bool slash)
    {
        bool? school = slash ? true : null;
        if (AcceptWord("учебный") || AcceptWord("учебного") || AcceptWord("учебном") || AcceptWord("учебные"))
        {
            if (!AcceptYearWord())
            {
                return null;
            }

            school = true;
        }
        else if (AcceptWord("уч"))
        {
            Accept(TokenKind.Dot);
            if (!AcceptYearWord())
            {
                return null;
            }

            school = true;
        }
        else if (AcceptWord("годы") || AcceptWord("годов") || AcceptWord("годах") || AcceptWord("гг"))
        {
            Accept(TokenKind.Dot);
            if (slash)
            {
                return null;
            }

            school = false;
        }
        else if (AcceptYearWord())
        {
            // «2023-2024 год» is how a school year is shortened.
            school = true;
        }

        var consecutive = second == first + 1;
        school ??= consecutive && context.IsSchoolYear;
        if ((school.Value && !consecutive) || second <= first)
        {
            return null;
        }

        return new Atom(AtomKind.YearSpan) { Year = first, SecondYear = second, School = school.Value };
    }

    private int? ParseOptionalYear()
    {
        if (Peek() is { Kind: TokenKind.Number } token && IsYear(token.Number) &&
            !(Peek(1) is { Kind: TokenKind.Dash or TokenKind.Slash } && Peek(2) is { Kind: TokenKind.Number }))
        {
            position++;
            SkipYearWord();
            return token.Number;
        }

        return null;
    }

    private void SkipYearWord()
    {
        if (AcceptYearWord())
        {
            Accept(TokenKind.Dot);
        }
    }

    private bool AcceptYearWord() =>
        AcceptWord("год") || AcceptWord("года") || AcceptWord("году") || AcceptWord("г");

    private void SkipAbbreviationDot(string word)
    {
        if (MonthAbbreviations.Contains(word) || word == "кв")
        {
            Accept(TokenKind.Dot);
        }
    }

    /// <summary>
    /// Gives years to atoms that lack them. A month takes the year of the nearest dated month after it
    /// (the previous year if it is later in the calendar: «ноябрь - январь 2024»), else of the nearest
    /// dated one before it; with no year anywhere the last one is read against the context
    /// («август - сентябрь» in 2023/2024 is August–September 2023). Then every segment becomes an interval.
    /// </summary>
    private Sequence? Resolve(List<Segment> segments)
    {
        var group = Group(segments[0].From.Kind);
        foreach (var segment in segments)
        {
            if (Group(segment.From.Kind) != group)
            {
                return null;
            }

            if (segment.To is { } to && (to.Kind != segment.From.Kind || segment.From.Kind is AtomKind.YearSpan))
            {
                return null;
            }
        }

        if (group == AtomKind.Year && segments.Count > 1)
        {
            return null;
        }

        var atoms = segments.SelectMany(s => s.To is null ? new[] { s.From } : [s.From, s.To]).ToList();
        if (atoms.All(a => a.Year is null))
        {
            var last = atoms[^1];
            last.Year = last.KeyMonth >= context.PeriodStart.Month ? context.PeriodStart.Year : context.PeriodStart.Year + 1;
        }

        for (var i = atoms.Count - 2; i >= 0; i--)
        {
            if (atoms[i].Year is null && atoms[i + 1].Year is { } next)
            {
                atoms[i].Year = atoms[i].KeyMonth <= atoms[i + 1].KeyMonth ? next : next - 1;
            }
        }

        for (var i = 1; i < atoms.Count; i++)
        {
            if (atoms[i].Year is null && atoms[i - 1].Year is { } previous)
            {
                atoms[i].Year = atoms[i].KeyMonth >= atoms[i - 1].KeyMonth ? previous : previous + 1;
            }
        }

        var intervals = new List<DueInterval>(segments.Count);
        foreach (var segment in segments)
        {
            var from = segment.From.ToInterval();
            var to = segment.To is null ? from : segment.To.ToInterval();
            if (from is null || to is null || to.Value.Start < from.Value.Start)
            {
                return null;
            }

            intervals.Add(new DueInterval(from.Value.Start, to.Value.End));
        }

        var singleDate = segments.Count == 1 && segments[0].To is null && segments[0].From.Kind == AtomKind.Day;
        return new Sequence(intervals, singleDate);
    }

    private static AtomKind Group(AtomKind kind) => kind switch
    {
        AtomKind.Quarter or AtomKind.Half => AtomKind.Quarter,
        AtomKind.Year or AtomKind.YearSpan => AtomKind.Year,
        _ => kind,
    };

    private static DueReading Reading(Sequence sequence, DueKind? kind)
    {
        var occurrences = sequence.Intervals;
        var start = occurrences.Min(o => o.Start);
        var end = occurrences.Max(o => o.End);
        var resolvedKind = kind ?? (sequence.SingleDate ? DueKind.Date : DueKind.Period);
        return new DueReading(resolvedKind, start, end, occurrences, null, null);
    }

    private string? Check(DueReading reading)
    {
        var warnings = new List<string>();
        for (var i = 1; i < reading.Occurrences.Count; i++)
        {
            if (reading.Occurrences[i].Start < reading.Occurrences[i - 1].Start)
            {
                warnings.Add("Месяцы перечислены не по порядку: проверьте годы");
                break;
            }
        }

        if (reading.Kind != DueKind.Recurring && reading.End is { } end)
        {
            var yearsStart = new DateOnly(context.PeriodStart.Year, 1, 1);
            var yearsEnd = new DateOnly(context.PeriodEnd.Year, 12, 31);
            var start = reading.Start ?? end;
            if (end < yearsStart || start > yearsEnd)
            {
                var years = context.PeriodStart.Year == context.PeriodEnd.Year
                    ? context.PeriodStart.Year.ToString(CultureInfo.InvariantCulture)
                    : $"{context.PeriodStart.Year}–{context.PeriodEnd.Year}";
                warnings.Add($"Срок вне периода дорожной карты ({years})");
            }
        }

        return warnings.Count == 0 ? null : string.Join("; ", warnings);
    }

    private Token? Peek(int offset = 0) =>
        position + offset < tokens.Count ? tokens[position + offset] : null;

    private bool Accept(TokenKind kind)
    {
        if (Peek() is { } token && token.Kind == kind)
        {
            position++;
            return true;
        }

        return false;
    }

    private bool AcceptWord(string word)
    {
        if (Peek() is { Kind: TokenKind.Word } token && token.Text == word)
        {
            position++;
            return true;
        }

        return false;
    }

    private bool AcceptWords(params string[] words)
    {
        for (var i = 0; i < words.Length; i++)
        {
            if (Peek(i) is not { Kind: TokenKind.Word } token || token.Text != words[i])
            {
                return false;
            }
        }

        position += words.Length;
        return true;
    }

    private static bool IsYear(int n) => n is >= 1990 and <= 2100;

    private static int? Ordinal(string word) => word switch
    {
        "i" or "первый" or "первое" or "первая" => 1,
        "ii" or "второй" or "второе" or "вторая" => 2,
        "iii" or "третий" or "третье" => 3,
        "iv" or "четвертый" or "четвертое" => 4,
        _ => null,
    };

    private static string Normalize(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var raw in text)
        {
            var c = char.ToLowerInvariant(raw);
            c = c switch
            {
                'ё' => 'е',
                '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2014' or '\u2015' or '\u2212' => '-',
                _ when char.IsWhiteSpace(c) => ' ',
                _ => c,
            };
            builder.Append(c);
        }

        return Spaces().Replace(builder.ToString(), " ").Trim(' ', '.', ',', ';', ':', '*');
    }

    private static List<Token>? Tokenize(string s)
    {
        var list = new List<Token>();
        var i = 0;
        while (i < s.Length)
        {
            var c = s[i];
            if (c == ' ')
            {
                i++;
                continue;
            }

            if (char.IsAsciiDigit(c))
            {
                var date = DateToken().Match(s, i);
                if (date.Success)
                {
                    var day = int.Parse(date.Groups[1].ValueSpan, CultureInfo.InvariantCulture);
                    var month = int.Parse(date.Groups[2].ValueSpan, CultureInfo.InvariantCulture);
                    var year = int.Parse(date.Groups[3].ValueSpan, CultureInfo.InvariantCulture);
                    if (!IsYear(year) || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
                    {
                        return null;
                    }

                    list.Add(new Token(TokenKind.Date, date.Value, 0, new DateOnly(year, month, day)));
                    i += date.Length;
                    continue;
                }

                var j = i;
                while (j < s.Length && char.IsAsciiDigit(s[j]))
                {
                    j++;
                }

                if (j - i > 4)
                {
                    return null;
                }

                var digits = s[i..j];
                list.Add(new Token(TokenKind.Number, digits, int.Parse(digits, CultureInfo.InvariantCulture), default));
                i = j;
                continue;
            }

            if (char.IsLetter(c))
            {
                var j = i;
                while (j < s.Length && char.IsLetter(s[j]))
                {
                    j++;
                }

                list.Add(new Token(TokenKind.Word, FixLookalikes(s[i..j]), 0, default));
                i = j;
                continue;
            }

            TokenKind? kind = c switch
            {
                '-' => TokenKind.Dash,
                ',' or ';' => TokenKind.Comma,
                '/' => TokenKind.Slash,
                '.' => TokenKind.Dot,
                _ => null,
            };
            if (kind is null)
            {
                return null;
            }

            list.Add(new Token(kind.Value, c.ToString(), 0, default));
            i++;
        }

        return list;
    }

    /// <summary>Word documents mix Latin letters into Cyrillic words («Mай» with a Latin M); a mixed word is made Cyrillic.</summary>
    private static string FixLookalikes(string word)
    {
        var hasCyrillic = word.Any(c => c is >= 'а' and <= 'я');
        var hasLatin = word.Any(char.IsAsciiLetterLower);
        if (!hasCyrillic || !hasLatin)
        {
            return word;
        }

        var chars = word.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = chars[i] switch
            {
                'a' => 'а',
                'b' => 'в',
                'c' => 'с',
                'e' => 'е',
                'h' => 'н',
                'k' => 'к',
                'm' => 'м',
                'o' => 'о',
                'p' => 'р',
                't' => 'т',
                'x' => 'х',
                'y' => 'у',
                _ => chars[i],
            };
        }

        return new string(chars);
    }

    private static Dictionary<string, int> BuildMonths()
    {
        string[][] forms =
        [
            ["январь", "января", "январе", "янв"],
            ["февраль", "февраля", "феврале", "фев", "февр"],
            ["март", "марта", "марте", "мар"],
            ["апрель", "апреля", "апреле", "апр"],
            ["май", "мая", "мае"],
            ["июнь", "июня", "июне", "июн"],
            ["июль", "июля", "июле", "июл"],
            ["август", "августа", "августе", "авг"],
            ["сентябрь", "сентября", "сентябре", "сен", "сент"],
            ["октябрь", "октября", "октябре", "окт"],
            ["ноябрь", "ноября", "ноябре", "ноя", "нояб"],
            ["декабрь", "декабря", "декабре", "дек"],
        ];
        var map = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < forms.Length; i++)
        {
            foreach (var form in forms[i])
            {
                map[form] = i + 1;
            }
        }

        return map;
    }

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Spaces();

    [GeneratedRegex(@"\G(\d{1,2})\.(\d{1,2})\.(\d{4})(?!\d)", RegexOptions.CultureInvariant)]
    private static partial Regex DateToken();

    [GeneratedRegex(@"\s*\((?:при необходимости|по необходимости|по мере необходимости|по согласованию)\)$", RegexOptions.CultureInvariant)]
    private static partial Regex Qualifier();

    [GeneratedRegex(@"^(?:по заявкам|по заявке|по запросу|по запросам|по мере необходимости|при необходимости|по необходимости)(?: [\p{L}«»""' ]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex OnRequestPhrase();

    [GeneratedRegex(@"^(?:согласно|в соответствии со?|по) (?:графику|графиком|плану|планом|срокам|сроками|расписанию|расписанием)(?: [\p{L}«»""' -]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex BySchedulePhrase();

    [GeneratedRegex(@"^(?:постоянно|систематически|в течение (?:всего )?(?:года|учебного года|периода|срока)(?: [\p{L}«»""' -]+)?)$", RegexOptions.CultureInvariant)]
    private static partial Regex WholePeriodPhrase();

    private readonly record struct Token(TokenKind Kind, string Text, int Number, DateOnly Date);

    private sealed record Segment(Atom From, Atom? To);

    private sealed record Sequence(List<DueInterval> Intervals, bool SingleDate);

    private sealed class Atom(AtomKind kind)
    {
        public AtomKind Kind { get; } = kind;

        public int Day { get; init; }

        public int Month { get; init; }

        /// <summary>Quarter or half-year number.</summary>
        public int Index { get; init; }

        public int? Year { get; set; }

        public int SecondYear { get; init; }

        public bool School { get; init; }

        /// <summary>The month that places this atom in a year, for resolving missing years.</summary>
        public int KeyMonth => Kind switch
        {
            AtomKind.Day or AtomKind.Month => Month,
            AtomKind.Quarter => ((Index - 1) * 3) + 1,
            AtomKind.Half when School => Index == 1 ? 9 : 1,
            AtomKind.Half => ((Index - 1) * 6) + 1,
            _ => 1,
        };

        public DueInterval? ToInterval()
        {
            if (Year is not { } year)
            {
                return null;
            }

            switch (Kind)
            {
                case AtomKind.Day:
                    if (Day > DateTime.DaysInMonth(year, Month))
                    {
                        return null;
                    }

                    var day = new DateOnly(year, Month, Day);
                    return new DueInterval(day, day);
                case AtomKind.Month:
                    return MonthSpan(year, Month, 1);
                case AtomKind.Quarter:
                    return MonthSpan(year, KeyMonth, 3);
                case AtomKind.Half when School:
                    return Index == 1
                        ? new DueInterval(new DateOnly(year, 9, 1), new DateOnly(year, 12, 31))
                        : new DueInterval(new DateOnly(year, 1, 1), new DateOnly(year, 8, 31));
                case AtomKind.Half:
                    return MonthSpan(year, KeyMonth, 6);
                case AtomKind.Year:
                    return new DueInterval(new DateOnly(year, 1, 1), new DateOnly(year, 12, 31));
                default:
                    return School
                        ? new DueInterval(new DateOnly(year, 9, 1), new DateOnly(SecondYear, 8, 31))
                        : new DueInterval(new DateOnly(year, 1, 1), new DateOnly(SecondYear, 12, 31));
            }
        }

        private static DueInterval MonthSpan(int year, int month, int months)
        {
            var first = new DateOnly(year, month, 1);
            return new DueInterval(first, first.AddMonths(months).AddDays(-1));
        }
    }
}
