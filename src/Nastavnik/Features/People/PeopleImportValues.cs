using System.Globalization;
using Nastavnik.Features.Consents;

namespace Nastavnik.Features.People;

/// <summary>Reading the values people type into registers: dates in any of the usual ways, kinds, roles and categories in words.</summary>
internal static class PeopleImportValues
{
    private static readonly System.Buffers.SearchValues<char> Digit = System.Buffers.SearchValues.Create("0123456789");
    private static readonly string[] DateFormats = ["d.M.yyyy", "dd.MM.yyyy", "yyyy-MM-dd", "d/M/yyyy", "dd/MM/yyyy", "d.M.yyyy H:mm:ss", "dd.MM.yyyy H:mm:ss", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm:ss"];

    /// <summary>ДД.ММ.ГГГГ (the usual), ISO, dd/mm/yyyy, or an Excel date serial (what an XLSX date cell holds).</summary>
    public static bool TryDate(string text, out DateOnly date)
    {
        date = default;
        var s = text.AsSpan().Trim();
        if (s.Length == 0) return false;
        if (TryDotted(s, out date)) return true;
        var digits = s.EndsWith(".0") ? s[..^2] : s;
        if (digits.Length is > 0 and <= 6 && !digits.ContainsAnyExcept(Digit))
        {
            // Excel serial day numbers (1 = 1900-01-01); dates people import fall before 2100.
            var serial = int.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
            if (serial is < 1 or >= 73051) return false;
            date = DateOnly.FromDateTime(DateTime.FromOADate(serial));
            return true;
        }
        return DateOnly.TryParseExact(s, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
    }

    /// <summary>The hot path of a big import: d.M.yyyy without the cost of a general parser.</summary>
    private static bool TryDotted(ReadOnlySpan<char> s, out DateOnly date)
    {
        date = default;
        var p1 = s.IndexOf('.');
        if (p1 is < 1 or > 2) return false;
        var rest = s[(p1 + 1)..];
        var p2 = rest.IndexOf('.');
        if (p2 is < 1 or > 2 || rest.Length - p2 - 1 != 4) return false;
        if (!Digits(s[..p1], out var d) || !Digits(rest[..p2], out var m) || !Digits(rest[(p2 + 1)..], out var y)) return false;
        if (m is < 1 or > 12 || d < 1 || y < 1 || d > DateTime.DaysInMonth(y, m)) return false;
        date = new DateOnly(y, m, d);
        return true;
    }

    private static bool Digits(ReadOnlySpan<char> s, out int value)
    {
        value = 0;
        foreach (var ch in s)
        {
            if (ch is < '0' or > '9') return false;
            value = value * 10 + (ch - '0');
        }
        return s.Length > 0;
    }

    public static PersonKind? Kind(string norm) => norm switch
    {
        "teacher" or "педагог" or "учитель" or "педагогический работник" or "сотрудник" or "работник" or "воспитатель" or "преподаватель" or "педагог / сотрудник" => PersonKind.Teacher,
        "pupil" or "обучающийся" or "обучающаяся" or "ученик" or "ученица" or "учащийся" or "учащаяся" or "школьник" or "школьница" or "воспитанник" or "обучающийся (школа)" => PersonKind.Pupil,
        "student" or "студент" or "студентка" => PersonKind.Student,
        "external" or "внешний" or "внешний специалист" or "специалист" or "партнер" or "представитель партнера" or "представитель организации-партнера" => PersonKind.External,
        _ when norm.StartsWith("педагог", StringComparison.Ordinal) || norm.StartsWith("учител", StringComparison.Ordinal) => PersonKind.Teacher,
        _ when norm.StartsWith("обучающ", StringComparison.Ordinal) || norm.StartsWith("учени", StringComparison.Ordinal) || norm.StartsWith("учащ", StringComparison.Ordinal) => PersonKind.Pupil,
        _ when norm.StartsWith("студент", StringComparison.Ordinal) => PersonKind.Student,
        _ when norm.StartsWith("внешн", StringComparison.Ordinal) => PersonKind.External,
        _ => null,
    };

    /// <summary>"наставник", "наставляемый", "наставник, наставляемый" (or "оба"); "нет" and "-" for neither.</summary>
    public static bool TryBankRole(string norm, out bool mentor, out bool mentee)
    {
        mentor = mentee = false;
        if (norm is "оба" or "наставник и наставляемый") { mentor = mentee = true; return true; }
        if (norm is "нет" or "-" or "—" or "не входит") return true;
        var rest = norm;
        if (rest.Contains("наставляем", StringComparison.Ordinal))
        {
            mentee = true;
            rest = rest.Replace("наставляемая", "", StringComparison.Ordinal).Replace("наставляемый", "", StringComparison.Ordinal).Replace("наставляемые", "", StringComparison.Ordinal);
        }
        if (rest.Contains("наставник", StringComparison.Ordinal) || rest.Contains("наставница", StringComparison.Ordinal)) mentor = true;
        if (norm is "mentor") mentor = true;
        if (norm is "mentee") mentee = true;
        return mentor || mentee;
    }

    public static ConsentGiver? Giver(string norm) => norm switch
    {
        "сам" or "сама" or "лично" or "самостоятельно" or "субъект" or "субъект персональных данных" or "участник" or "subject" => ConsentGiver.Subject,
        "guardian" => ConsentGiver.Guardian,
        _ when norm.Contains("представ", StringComparison.Ordinal) || norm.Contains("родител", StringComparison.Ordinal) || norm.Contains("опекун", StringComparison.Ordinal)
            || norm.Contains("попечит", StringComparison.Ordinal) || norm is "мать" or "отец" or "мама" or "папа" => ConsentGiver.Guardian,
        _ when norm.StartsWith("сам", StringComparison.Ordinal) || norm.Contains("субъект", StringComparison.Ordinal) => ConsentGiver.Subject,
        _ => null,
    };

    public static MenteeCategory? Category(string norm)
    {
        foreach (var c in Enum.GetValues<MenteeCategory>())
            if (string.Equals(norm, c.ToString(), StringComparison.OrdinalIgnoreCase) || norm == PeopleImportMapping.Normalize(Platform.Web.Formats.Name(c))) return c;
        return norm switch
        {
            _ when norm.Contains("овз", StringComparison.Ordinal) || norm.Contains("ограниченными возможностями", StringComparison.Ordinal) => MenteeCategory.Ovz,
            _ when norm.Contains("сирот", StringComparison.Ordinal) || norm.Contains("без попечения", StringComparison.Ordinal) => MenteeCategory.Orphan,
            _ when norm.Contains("тжс", StringComparison.Ordinal) || norm.Contains("трудной жизненной", StringComparison.Ordinal) || norm.Contains("трудная жизненная", StringComparison.Ordinal) => MenteeCategory.DifficultSituation,
            _ when norm.Contains("малоимущ", StringComparison.Ordinal) => MenteeCategory.LowIncome,
            _ when norm.Contains("одарен", StringComparison.Ordinal) => MenteeCategory.Gifted,
            _ when norm.Contains("сельск", StringComparison.Ordinal) => MenteeCategory.Rural,
            _ when norm.Contains("молодой специалист", StringComparison.Ordinal) => MenteeCategory.YoungSpecialist,
            _ when norm.Contains("новый сотрудник", StringComparison.Ordinal) || norm.Contains("новый в коллективе", StringComparison.Ordinal) => MenteeCategory.NewInTeam,
            _ when norm.Contains("перерыв", StringComparison.Ordinal) => MenteeCategory.AfterBreak,
            _ when norm.Contains("дефицит", StringComparison.Ordinal) => MenteeCategory.WithDeficits,
            _ when norm.Contains("цифров", StringComparison.Ordinal) => MenteeCategory.LearningDigital,
            _ when norm.Contains("выгоран", StringComparison.Ordinal) => MenteeCategory.Burnout,
            _ when norm.Contains("непедагогическ", StringComparison.Ordinal) => MenteeCategory.NonPedagogicalEducation,
            _ => null,
        };
    }

    /// <summary>Whole years: "12", "12 лет", "12.0" (a number cell of XLSX).</summary>
    /// <summary>A whole number of hours or people: «10», «10.0» (an XLSX number cell), «10 ч».</summary>
    public static bool TryCount(string text, out int value)
    {
        var s = text.Trim();
        foreach (var suffix in new[] { " ч/мес", " ч.", " ч", " часов", " чел." })
            if (s.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)) { s = s[..^suffix.Length].Trim(); break; }
        if (s.EndsWith(".0", StringComparison.Ordinal) || s.EndsWith(",0", StringComparison.Ordinal)) s = s[..^2];
        return int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    public static bool TryYears(string text, out int years)
    {
        years = 0;
        var s = text.Trim();
        foreach (var suffix in new[] { " лет", " года", " год", " г.", " г" })
            if (s.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)) { s = s[..^suffix.Length].Trim(); break; }
        if (s.EndsWith(".0", StringComparison.Ordinal) || s.EndsWith(",0", StringComparison.Ordinal)) s = s[..^2];
        return int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out years);
    }

    /// <summary>
    /// Splits a list typed into one cell by ';' or ','. Catalogue names may contain a comma themselves
    /// («Инклюзивное образование, адаптированные программы»), so the longest run of pieces that names an entry wins.
    /// </summary>
    public static List<string> SplitNames(string text, Func<string, bool> isKnown)
    {
        var result = new List<string>();
        foreach (var part in text.Split([';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pieces = part.Split(',', StringSplitOptions.TrimEntries);
            var i = 0;
            while (i < pieces.Length)
            {
                var taken = 0;
                for (var j = pieces.Length; j > i + 1; j--)
                {
                    var candidate = string.Join(", ", pieces[i..j]);
                    if (isKnown(candidate)) { result.Add(candidate); taken = j - i; break; }
                }
                if (taken == 0)
                {
                    if (pieces[i].Length > 0) result.Add(pieces[i]);
                    taken = 1;
                }
                i += taken;
            }
        }
        return result;
    }
}
