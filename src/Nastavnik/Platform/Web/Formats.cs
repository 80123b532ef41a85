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

    /// <summary>The [Display(Name)] of an enum value, for Russian labels of kinds and roles.</summary>
    public static string Name<T>(T value) where T : struct, Enum =>
        typeof(T).GetField(value.ToString())?.GetCustomAttribute<DisplayAttribute>()?.Name ?? value.ToString();
}
