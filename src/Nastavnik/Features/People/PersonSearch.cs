namespace Nastavnik.Features.People;

/// <summary>
/// Register search by ФИО: without case, ё = е, word by word. «ВОЛКОВА», «волкова», «Соловьев» for «Соловьёв»,
/// «Наталья Волкова» and «Волкова Н.С.» all find Волкова Наталья Сергеевна: every word must begin the surname, the name
/// or the patronymic (an initial is a one-letter word). Both databases compare the stored normalised columns
/// (<see cref="Person.SearchName"/>, <see cref="Person.SearchGivenName"/>) with words normalised here the same way.
/// At a million people the query must not scan: at least one word has to begin the surname or the first name, and
/// that is asked as a range on an indexed column (a range, not LIKE: SQLite uses an index for LIKE only on a NOCASE
/// column, PostgreSQL only with the C collation or pattern_ops). The per-word check then runs on those rows only.
/// </summary>
public static class PersonSearch
{
    public const int MaxWords = 4;

    /// <summary>
    /// The parts' words in lower case with ё = е, one space between words. One pass over the characters, no split:
    /// it runs twice for every imported person, on the thread that writes them.
    /// </summary>
    public static string Normalize(params ReadOnlySpan<string?> parts)
    {
        var length = 0;
        foreach (var part in parts) length += (part?.Length ?? 0) + 1;
        Span<char> buffer = length <= 512 ? stackalloc char[length] : new char[length];
        var n = 0;
        var space = false;
        foreach (var part in parts)
        {
            if (part is null) continue;
            foreach (var ch in part)
            {
                if (char.IsWhiteSpace(ch)) { space = n > 0; continue; }
                if (space) { buffer[n++] = ' '; space = false; }
                buffer[n++] = Fold(ch);
            }
            space = n > 0;
        }
        return new string(buffer[..n]);
    }

    private static char Fold(char ch) => ch is 'ё' or 'Ё' ? 'е' : char.ToLowerInvariant(ch);

    /// <summary>The words of a query, normalised; dots and commas separate words too («Н.С.» is two initials).</summary>
    public static string[] Words(string? query) =>
        string.IsNullOrWhiteSpace(query) ? [] :
        query.Split([' ', '\t', '.', ',', ';'], StringSplitOptions.RemoveEmptyEntries).Select(w => Normalize(w)).Where(w => w.Length > 0).Distinct().Take(MaxWords).ToArray();

    /// <summary>The first string after every string that starts with <paramref name="prefix"/> (in ordinal order): the range's upper end.</summary>
    public static string UpperBound(string prefix) => prefix[..^1] + (char)(prefix[^1] + 1);

    public static IQueryable<Person> Apply(IQueryable<Person> q, string? query)
    {
        var words = Words(query);
        if (words.Length == 0) return q;
        // The index: some word begins the surname or the first name. Up to 2 × 4 ranges, each served by an index
        // (SQLite's OR-by-union plan, PostgreSQL's BitmapOr).
        var anchor = words.Select(w => (Lo: w, Hi: UpperBound(w))).ToArray();
        var a = anchor[0];
        var b = anchor.Length > 1 ? anchor[1] : a;
        var c = anchor.Length > 2 ? anchor[2] : a;
        var d = anchor.Length > 3 ? anchor[3] : a;
        q = q.Where(p =>
            (string.Compare(p.SearchName, a.Lo) >= 0 && string.Compare(p.SearchName, a.Hi) < 0) || (string.Compare(p.SearchGivenName, a.Lo) >= 0 && string.Compare(p.SearchGivenName, a.Hi) < 0) ||
            (string.Compare(p.SearchName, b.Lo) >= 0 && string.Compare(p.SearchName, b.Hi) < 0) || (string.Compare(p.SearchGivenName, b.Lo) >= 0 && string.Compare(p.SearchGivenName, b.Hi) < 0) ||
            (string.Compare(p.SearchName, c.Lo) >= 0 && string.Compare(p.SearchName, c.Hi) < 0) || (string.Compare(p.SearchGivenName, c.Lo) >= 0 && string.Compare(p.SearchGivenName, c.Hi) < 0) ||
            (string.Compare(p.SearchName, d.Lo) >= 0 && string.Compare(p.SearchName, d.Hi) < 0) || (string.Compare(p.SearchGivenName, d.Lo) >= 0 && string.Compare(p.SearchGivenName, d.Hi) < 0));
        // Every word begins one of the three names.
        foreach (var w in words)
        {
            var inner = " " + w;
            q = q.Where(p => p.SearchName.StartsWith(w) || p.SearchName.Contains(inner));
        }
        return q;
    }
}
