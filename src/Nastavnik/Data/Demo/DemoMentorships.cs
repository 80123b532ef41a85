using Microsoft.EntityFrameworkCore;
using Nastavnik.Features.Consents;
using Nastavnik.Features.Mentorships;
using Nastavnik.Features.Organizations;
using Nastavnik.Features.People;

namespace Nastavnik.Data.Demo;

/// <summary>
/// Pairs for the demo school: one approved by order № 1 and working (Волкова – Зайцев, the demo mentor and mentee),
/// one waiting for the head's approval (Ершова – Кириллова), and one draft whose mentor has not yet signed the
/// consent to the duties (Белова – Тихонова), so the approval page shows what is missing.
/// </summary>
internal static class DemoMentorships
{
    public static async Task SeedAsync(AppDbContext db, Organization school, DateOnly today, DateTime now)
    {
        var people = await db.People.Where(p => p.OrganizationId == school.Id).ToDictionaryAsync(p => p.LastName, p => p);
        var form = await db.MentoringForms.FirstAsync(f => f.RegionId == null && f.Code == "teacher-teacher");
        var kind = await db.MentoringKinds.FirstAsync(k => k.RegionId == null && k.Code == "traditional");
        var duties = await ConsentTexts.ResolveAsync(db, ConsentKind.MentorDuties, ConsentTexts.For(ConsentKind.MentorDuties));
        foreach (var name in new[] { "Волкова", "Ершова", "Соловьёв" })
            db.Consents.Add(new Consent
            {
                PersonId = people[name].Id, Kind = ConsentKind.MentorDuties, GivenBy = ConsentGiver.Subject, Operator = school.Name, Text = duties,
                SignedOn = today.AddDays(-30), RecordedAt = now, RecordedBy = "demo",
            });
        var start = today.AddDays(-20);
        Mentorship Pair(string mentor, string mentee, MentorshipStatus status, string? note = null) => new()
        {
            OrganizationId = school.Id, MunicipalityId = school.MunicipalityId, RegionId = school.RegionId, FormId = form.Id, KindId = kind.Id, Status = status,
            StartDate = start, EndDate = start.AddMonths(9), CreatedAt = now, CreatedBy = "demo", RequestNote = note, IsMenteeRequest = note is not null,
            Participants = [new() { PersonId = people[mentor].Id, Role = ParticipantRole.Mentor }, new() { PersonId = people[mentee].Id, Role = ParticipantRole.Mentee }],
        };
        var active = Pair("Волкова", "Зайцев", MentorshipStatus.Active);
        var proposed = Pair("Ершова", "Кириллова", MentorshipStatus.Proposed);
        var draft = Pair("Белова", "Тихонова", MentorshipStatus.Draft, "хочу научиться держать дисциплину в классе");
        db.Mentorships.AddRange(active, proposed, draft);
        await db.SaveChangesAsync();

        var orderDate = start.AddDays(-3);
        var order = new ApprovalOrder
        {
            OrganizationId = school.Id, MunicipalityId = school.MunicipalityId, RegionId = school.RegionId, Number = "1", Year = orderDate.Year, Date = orderDate,
            SignedBy = "Орлов Сергей Иванович", CreatedAt = now, CreatedBy = "demo",
            Document = ApprovalOrderDocx.Build(school.Name, "1", orderDate,
                [new(1, people["Волкова"].FullName, people["Зайцев"].FullName, form.Name, kind.Name, $"{Platform.Web.Formats.Date(active.StartDate)} – {Platform.Web.Formats.Date(active.EndDate)}")],
                "Орлов Сергей Иванович"),
        };
        db.ApprovalOrders.Add(order);
        await db.SaveChangesAsync();
        active.ApprovalOrderId = order.Id;
        (await db.MenteeProfiles.FirstAsync(p => p.PersonId == people["Зайцев"].Id)).Status = MenteeStatus.InMentorship;
        db.MentorshipTransitions.AddRange(
            new MentorshipTransition { MentorshipId = active.Id, From = MentorshipStatus.Draft, To = MentorshipStatus.Proposed, At = now, UserName = "curator@demo.nastavnik.ru" },
            new MentorshipTransition { MentorshipId = active.Id, From = MentorshipStatus.Proposed, To = MentorshipStatus.Approved, At = now, UserName = "head@demo.nastavnik.ru", Reason = $"приказ № 1 от {Platform.Web.Formats.Date(orderDate)}" },
            new MentorshipTransition { MentorshipId = active.Id, From = MentorshipStatus.Approved, To = MentorshipStatus.Active, At = now, UserName = "curator@demo.nastavnik.ru" },
            new MentorshipTransition { MentorshipId = proposed.Id, From = MentorshipStatus.Draft, To = MentorshipStatus.Proposed, At = now, UserName = "curator@demo.nastavnik.ru" });
        await db.SaveChangesAsync();
    }
}
