using Nastavnik.Features.Mentorships;

namespace Nastavnik.Tests.Mentorships;

public sealed class MentorshipLifecycleTests
{
    [Theory]
    [InlineData(MentorshipStatus.Draft, MentorshipStatus.Proposed)]
    [InlineData(MentorshipStatus.Proposed, MentorshipStatus.Approved)]
    [InlineData(MentorshipStatus.Proposed, MentorshipStatus.Draft)]
    [InlineData(MentorshipStatus.Approved, MentorshipStatus.Active)]
    [InlineData(MentorshipStatus.Active, MentorshipStatus.Completed)]
    [InlineData(MentorshipStatus.Active, MentorshipStatus.Terminated)]
    [InlineData(MentorshipStatus.Approved, MentorshipStatus.Terminated)]
    public void CanMove_ValidTransition_Allowed(MentorshipStatus from, MentorshipStatus to) => Assert.True(MentorshipLifecycle.CanMove(from, to));

    [Theory]
    [InlineData(MentorshipStatus.Draft, MentorshipStatus.Approved)]
    [InlineData(MentorshipStatus.Draft, MentorshipStatus.Active)]
    [InlineData(MentorshipStatus.Proposed, MentorshipStatus.Active)]
    [InlineData(MentorshipStatus.Approved, MentorshipStatus.Completed)]
    [InlineData(MentorshipStatus.Completed, MentorshipStatus.Active)]
    [InlineData(MentorshipStatus.Terminated, MentorshipStatus.Draft)]
    [InlineData(MentorshipStatus.Active, MentorshipStatus.Proposed)]
    public void CanMove_InvalidTransition_Refused(MentorshipStatus from, MentorshipStatus to) => Assert.False(MentorshipLifecycle.CanMove(from, to));

    [Fact]
    public void NeedsReason_TerminationAndReturn_Yes_Proposal_No()
    {
        Assert.True(MentorshipLifecycle.NeedsReason(MentorshipStatus.Active, MentorshipStatus.Terminated));
        Assert.True(MentorshipLifecycle.NeedsReason(MentorshipStatus.Proposed, MentorshipStatus.Draft));
        Assert.False(MentorshipLifecycle.NeedsReason(MentorshipStatus.Draft, MentorshipStatus.Proposed));
    }

    [Fact]
    public void Duration_MonthsAndDays() => Assert.Equal("3 мес. 12 дн.", MentorshipService.Duration(new DateOnly(2026, 9, 1), new DateOnly(2026, 12, 13)));

    [Fact]
    public void Initials_FullName_SignatureForm() => Assert.Equal("С. И. Орлов", ApprovalOrderDocx.Initials("Орлов Сергей Иванович"));
}
