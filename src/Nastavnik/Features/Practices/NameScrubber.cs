using System.Text.RegularExpressions;

namespace Nastavnik.Features.Practices;

/// <summary>
/// Keeps participants' names out of a practice. Russian names decline («Сергеева» → «Сергеевой», «Дмитрий» →
/// «Дмитрием»), so a word matches a name when it is the name's stem plus a case ending; names of three letters or fewer
/// match only as they are. Initials next to a replaced name go with it.
/// </summary>
public static partial class NameScrubber
{
    /// <summary>A name to look for and the word that replaces it («наставник», «наставляемый»).</summary>
    public sealed record Name(string Word, string Replacement);

    private static readonly string[] Endings = ["", "а", "я", "у", "ю", "ы", "и", "е", "ой", "ей", "ою", "ею", "ом", "ем", "ым", "им", "ых", "их", "ого", "его", "ому", "ему"];

    [GeneratedRegex(@"\p{L}+")]
    private static partial Regex WordRegex();

    [GeneratedRegex(@"\b\p{Lu}\.(?:\s?\p{Lu}\.)?\s*(\u0001[^\u0002]*\u0002)|(\u0001[^\u0002]*\u0002)\s+\p{Lu}\.(?:\s?\p{Lu}\.)?")]
    private static partial Regex InitialsRegex();

    [GeneratedRegex(@"(\u0001([^\u0002]*)\u0002)(\s+\u0001\2\u0002)+")]
    private static partial Regex RepeatRegex();

    private static string Normalize(string s) => s.Trim().ToLowerInvariant().Replace('ё', 'е');

    private static string Stem(string name)
    {
        var n = Normalize(name);
        return n.Length > 3 && "аяйьео".Contains(n[^1], StringComparison.Ordinal) ? n[..^1] : n;
    }

    private static bool Matches(string word, string name)
    {
        var w = Normalize(word);
        var n = Normalize(name);
        if (n.Length < 2) return false;
        if (w == n) return true;
        if (n.Length <= 3) return false;
        var stem = Stem(name);
        return w.StartsWith(stem, StringComparison.Ordinal) && Endings.Contains(w[stem.Length..]);
    }

    /// <summary>The words of the text that are one of the names (in any case form).</summary>
    public static List<string> Find(string? text, IReadOnlyCollection<Name> names)
    {
        if (string.IsNullOrEmpty(text)) return [];
        return [.. WordRegex().Matches(text).Select(m => m.Value).Where(w => names.Any(n => Matches(w, n.Word))).Distinct()];
    }

    /// <summary>The text with each name replaced by its role word (and initials beside it dropped).</summary>
    public static string? Scrub(string? text, IReadOnlyCollection<Name> names)
    {
        if (string.IsNullOrEmpty(text)) return text;
        var marked = WordRegex().Replace(text, m => names.FirstOrDefault(n => Matches(m.Value, n.Word)) is { } n ? "\u0001" + n.Replacement + "\u0002" : m.Value);
        marked = InitialsRegex().Replace(marked, m => m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value);
        // A full name («Сергеева Анна Петровна») becomes one role word, not three.
        marked = RepeatRegex().Replace(marked, "$1");
        return marked.Replace("\u0001", "", StringComparison.Ordinal).Replace("\u0002", "", StringComparison.Ordinal);
    }
}
