using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;

namespace Nastavnik.Platform.Web;

/// <summary>How people read dates and numbers: 18.02.2022 in tables, «18 февраля 2022 г.» in documents.</summary>
public static class Formats
{
    private static CultureInfo Ru => WebHost.Russian;

    public static string Date(DateOnly d) => d.ToString("dd.MM.yyyy", Ru);
    public static string Date(DateTime d) => d.ToString("dd.MM.yyyy", Ru);
    public static string LongDate(DateOnly d) => d.ToString("d MMMM yyyy 'г.'", Ru);
    public static string DateTime(DateTime utc) => System.DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToLocalTime().ToString("dd.MM.yyyy HH:mm", Ru);
    public static string Number(int? n) => n?.ToString("N0", Ru) ?? "—";
    /// <summary>«1,4 МБ», «230 КБ», «12 Б».</summary>
    public static string FileSize(long bytes) => bytes >= 1024 * 1024 ? (bytes / 1048576.0).ToString("0.0", Ru) + " МБ" : bytes >= 1024 ? (bytes / 1024) + " КБ" : bytes + " Б";

    /// <summary>
    /// The Russian noun form for a count: <paramref name="one"/> for 1, 21, 101 (but not 11), <paramref name="few"/> for
    /// 2–4, 22–24 (not 12–14), <paramref name="many"/> for the rest: «1 организация», «2 организации», «5 организаций».
    /// </summary>
    public static string Plural(long n, string one, string few, string many)
    {
        var lastTwo = Math.Abs(n) % 100;
        if (lastTwo is >= 11 and <= 14) return many;
        return (lastTwo % 10) switch { 1 => one, >= 2 and <= 4 => few, _ => many };
    }

    /// <summary>The count and its noun: «1 муниципалитет», «24 года», «2 501 обучающийся».</summary>
    public static string Count(long n, string one, string few, string many) => n.ToString("N0", Ru) + " " + Plural(n, one, few, many);

    /// <summary>Years of service or age: «1 год», «3 года», «24 года», «25 лет».</summary>
    public static string Years(long n) => Count(n, "год", "года", "лет");

    /// <summary>Ends a sentence with a full stop unless the text already ends with one («0 дн.» stays «0 дн.», not «0 дн..»).</summary>
    public static string EndSentence(string text) => text.EndsWith('.') ? text : text + ".";

    /// <summary>The [Display(Name)] of an enum value, for Russian labels of kinds and roles.</summary>
    public static string Name<T>(T value) where T : struct, Enum =>
        typeof(T).GetField(value.ToString())?.GetCustomAttribute<DisplayAttribute>()?.Name ?? value.ToString();
}
