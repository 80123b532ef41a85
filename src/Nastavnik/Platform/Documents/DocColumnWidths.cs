namespace Nastavnik.Platform.Documents;

/// <summary>
/// Widths of a DOCX table's columns in twips. The columns' weights share out the text width, but no column is narrower
/// than its longest word: Word and LibreOffice break a word that does not fit anywhere, and a plan printed with
/// «10.11.20|26» or a header «Откло|нение» is what people complained about. The sum is always the text width, so the table
/// never runs past the margin.
/// <para>Word widths are estimated from Times New Roman's advance widths (LibreOffice's Liberation Serif has the same
/// metrics); close enough to size a column, with a small reserve.</para>
/// </summary>
public static class DocColumnWidths
{
    /// <summary>Left and right cell margins of <see cref="DocxBuilder"/> tables (85 twips each) and a reserve for rounding.</summary>
    public const int CellPadding = 2 * 85 + 60;

    /// <summary>One long token in the body (a file name, a link) may take at most this share of the width; it wraps beyond.</summary>
    private const double BodyWordShare = 0.3;

    public static int[] Fit(int textWidth, IReadOnlyList<int> weights, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows, int sizePt, int headerSizePt)
    {
        var n = weights.Count;
        var need = new double[n];
        for (var i = 0; i < n; i++) need[i] = LongestWord(headers[i], headerSizePt, bold: true) + CellPadding;
        foreach (var row in rows)
            for (var i = 0; i < Math.Min(n, row.Count); i++)
                need[i] = Math.Max(need[i], Math.Min(LongestWord(row[i], sizePt, bold: false) + CellPadding, textWidth * BodyWordShare));
        return Share(textWidth, weights, need);
    }

    /// <summary>Weights share out the width; a column below its minimum is fixed there and the rest is shared again.</summary>
    public static int[] Share(int textWidth, IReadOnlyList<int> weights, IReadOnlyList<double> minimum)
    {
        var n = weights.Count;
        var w = weights.Select(x => (double)Math.Max(1, x)).ToArray();
        var min = minimum.ToArray();
        if (min.Sum() > textWidth)
        {
            // Cannot honour every minimum: shrink them all alike (some words will break, but the table stays on the page).
            var k = textWidth / min.Sum();
            for (var i = 0; i < n; i++) min[i] *= k;
        }
        var fixedAt = new double?[n];
        while (true)
        {
            var free = textWidth - fixedAt.Where(f => f is not null).Sum(f => f!.Value);
            var weight = Enumerable.Range(0, n).Where(i => fixedAt[i] is null).Sum(i => w[i]);
            var changed = false;
            for (var i = 0; i < n; i++)
            {
                if (fixedAt[i] is not null || free * w[i] / weight >= min[i]) continue;
                fixedAt[i] = min[i];
                changed = true;
            }
            if (changed && fixedAt.Any(f => f is null)) continue;
            var result = new int[n];
            for (var i = 0; i < n; i++) result[i] = (int)Math.Floor(fixedAt[i] ?? free * w[i] / weight);
            // Rounding leaves a few twips over: the widest column takes them, so the sum is exactly the text width.
            result[Array.IndexOf(result, result.Max())] += textWidth - result.Sum();
            return result;
        }
    }

    /// <summary>The width in twips of the longest whitespace-separated word of <paramref name="text"/>.</summary>
    public static double LongestWord(string? text, int sizePt, bool bold)
    {
        if (string.IsNullOrEmpty(text)) return 0;
        var longest = 0.0;
        var current = 0.0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            // «54,2 %» reads as one word: the column is made wide enough not to leave the per cent sign alone on a line.
            if (char.IsWhiteSpace(c) && !(i + 1 < text.Length && text[i + 1] == '%'))
            {
                longest = Math.Max(longest, current);
                current = 0;
                continue;
            }
            current += Em(c);
            // Word may break after a hyphen or a dash inside a word («учитель-логопед»), so the parts count on their own.
            if (c is '-' or '–' or '—' or '/')
            {
                longest = Math.Max(longest, current);
                current = 0;
            }
        }
        longest = Math.Max(longest, current);
        return longest * sizePt * 20 * (bold ? 1.08 : 1.0);
    }

    /// <summary>Advance width in ems (Times New Roman), rounded up a little.</summary>
    private static double Em(char c) => c switch
    {
        >= '0' and <= '9' => 0.5,
        ' ' or '\u00A0' => 0.25,
        '.' or ',' or ':' or ';' or '!' or '\'' or '|' or 'i' or 'j' or 'l' or 'I' => 0.28,
        '(' or ')' or '[' or ']' or '-' or '/' or 'f' or 't' or 'r' => 0.34,
        '%' => 0.84,
        '—' or 'm' or 'M' or 'W' or 'w' => 0.9,
        'ж' or 'м' or 'ш' or 'щ' or 'ы' or 'ю' or 'ф' => 0.75,
        'Ж' or 'М' or 'Ш' or 'Щ' or 'Ы' or 'Ю' or 'Ф' => 0.95,
        _ when char.IsUpper(c) => 0.72,
        _ => 0.52,
    };
}
