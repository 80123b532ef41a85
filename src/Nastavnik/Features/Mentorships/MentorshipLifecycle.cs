namespace Nastavnik.Features.Mentorships;

/// <summary>
/// The lifecycle of a pair or group: черновик → на утверждении → утверждена (приказом) → действует → завершена,
/// or прекращена from any living state. A proposal can be returned to the curator for rework. Nothing else is allowed.
/// </summary>
public static class MentorshipLifecycle
{
    private static readonly Dictionary<MentorshipStatus, MentorshipStatus[]> Allowed = new()
    {
        [MentorshipStatus.Draft] = [MentorshipStatus.Proposed, MentorshipStatus.Terminated],
        [MentorshipStatus.Proposed] = [MentorshipStatus.Approved, MentorshipStatus.Draft, MentorshipStatus.Terminated],
        [MentorshipStatus.Approved] = [MentorshipStatus.Active, MentorshipStatus.Terminated],
        [MentorshipStatus.Active] = [MentorshipStatus.Completed, MentorshipStatus.Terminated],
        [MentorshipStatus.Completed] = [],
        [MentorshipStatus.Terminated] = [],
    };

    public static bool CanMove(MentorshipStatus from, MentorshipStatus to) => Allowed[from].Contains(to);

    public static IReadOnlyList<MentorshipStatus> Next(MentorshipStatus from) => Allowed[from];

    /// <summary>Termination and returning a proposal need a reason (it goes to the history and to the participants).</summary>
    public static bool NeedsReason(MentorshipStatus from, MentorshipStatus to) =>
        to == MentorshipStatus.Terminated || (from == MentorshipStatus.Proposed && to == MentorshipStatus.Draft);

    /// <summary>Statuses that hold a mentor's place and a mentee's "one mentorship per form".</summary>
    public static readonly MentorshipStatus[] Holding = [MentorshipStatus.Approved, MentorshipStatus.Active];

    /// <summary>
    /// Statuses in which a mentee already has a pair, even if not yet approved: they are off the waiting list and out of the
    /// matcher's pool, and their mentor's place is taken for matching (otherwise the head's order later finds no free place).
    /// </summary>
    public static readonly MentorshipStatus[] Occupying = [MentorshipStatus.Draft, MentorshipStatus.Proposed, MentorshipStatus.Approved, MentorshipStatus.Active];

    public static readonly MentorshipStatus[] Closed = [MentorshipStatus.Completed, MentorshipStatus.Terminated];

    public static string Refusal(MentorshipStatus from, MentorshipStatus to) =>
        $"Нельзя перевести пару/группу из состояния «{Platform.Web.Formats.Name(from)}» в состояние «{Platform.Web.Formats.Name(to)}».";
}
