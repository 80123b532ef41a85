namespace Nastavnik.Matching;

/// <summary>
/// The exact mentor–mentee matcher lives here (issue 4). The library has no dependencies so that it can
/// be benchmarked and reasoned about on its own.
/// </summary>
public static class MatchingInfo
{
    public const string Name = "Nastavnik.Matching";
}
