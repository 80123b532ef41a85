using Nastavnik.Platform.Web;

namespace Nastavnik.Features.Programmes.Templates;

/// <summary>
/// A plan detached from any programme: each item's due is a number of days from the start. Templates store plans
/// this way; a completed programme (or, later, a practice of the library) is turned into one by
/// <see cref="ProgrammePlan.Of(DateOnly, IEnumerable{ProgramActivity})"/>, and <see cref="ProgrammePlan.Copy"/> lays it
/// onto a new programme's start. Only the wording travels: statuses, evidence, done marks and who made them stay behind.
/// </summary>
public sealed record PlanItem(string Title, string? ExpectedResult, string? ResultForm, int OffsetDays);

public static class ProgrammePlan
{
    /// <summary>The plan of a programme relative to its start. Cancelled activities are left out (they were not part of
    /// what was done); an activity dated before the start counts from the start.</summary>
    public static List<PlanItem> Of(DateOnly start, IEnumerable<ProgramActivity> activities) =>
        [.. activities.Where(a => a.Status != ActivityStatus.Cancelled).OrderBy(a => a.DueOn).ThenBy(a => a.Id)
            .Select(a => new PlanItem(a.Title, a.ExpectedResult, a.ResultForm, Math.Max(0, a.DueOn.DayNumber - start.DayNumber)))];

    public static List<PlanItem> Of(IEnumerable<ProgrammeTemplateItem> items) =>
        [.. items.OrderBy(i => i.OffsetDays).ThenBy(i => i.SortOrder).ThenBy(i => i.Id).Select(i => new PlanItem(i.Title, i.ExpectedResult, i.ResultForm, i.OffsetDays))];

    /// <summary>New planned activities for a programme starting on <paramref name="newStart"/>: each due is the start plus the item's offset.</summary>
    public static List<ProgramActivity> Copy(IEnumerable<PlanItem> plan, int programId, DateOnly newStart) =>
        [.. plan.Select(i => new ProgramActivity
        {
            ProgramId = programId, Title = i.Title, ExpectedResult = i.ExpectedResult, ResultForm = i.ResultForm,
            DueOn = newStart.AddDays(i.OffsetDays), Status = ActivityStatus.Planned,
        })];

    public static IReadOnlyList<ProgramDirection> ParseDirections(string directions) =>
        [.. directions.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(x => Enum.TryParse<ProgramDirection>(x, out var d) ? (ProgramDirection?)d : null).OfType<ProgramDirection>()];

    public static string JoinDirections(IEnumerable<ProgramDirection> directions) => string.Join(",", directions.Distinct().Order());

    /// <summary>«в начале», «через 3 нед.», «через 10 дн.»: how people say when an item falls.</summary>
    public static string Offset(int days) => days == 0 ? "в начале"
        : days % 7 == 0 ? $"через {(days / 7).ToString(WebHost.Russian)} нед."
        : $"через {days.ToString(WebHost.Russian)} дн.";
}
