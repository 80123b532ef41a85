using Microsoft.EntityFrameworkCore;
using Nastavnik.Features.Mentorships;
using Nastavnik.Platform.Web;

namespace Nastavnik.Data.Demo;

/// <summary>
/// The last demo step: every pair the demo shows as approved, working or completed got there by the head's order
/// «Об утверждении наставнических пар/групп», as in real life. Pairs seeded without one get an order per organisation
/// and start date (dated three days before the start, numbered after the organisation's existing orders of that year).
/// </summary>
internal static partial class DemoOrders
{
    public static async Task SeedAsync(AppDbContext db, DateTime now)
    {
        var statuses = new[] { MentorshipStatus.Approved, MentorshipStatus.Active, MentorshipStatus.Completed };
        var pairs = await db.Mentorships.Include(m => m.Participants).ThenInclude(p => p.Person).Include(m => m.Form).Include(m => m.Kind)
            .Where(m => m.ApprovalOrderId == null && statuses.Contains(m.Status)).OrderBy(m => m.Id).ToListAsync();
        var ids = pairs.Select(m => m.Id).ToList();
        // A pair whose history already names its order («приказ № 27 от 10.09.2025») gets that order, so the card and history agree.
        var named = (await db.MentorshipTransitions.AsNoTracking().Where(t => ids.Contains(t.MentorshipId) && t.To == MentorshipStatus.Approved && t.Reason != null)
                .Select(t => new { t.MentorshipId, t.Reason }).ToListAsync())
            .Select(t => (t.MentorshipId, Match: OrderInReason().Match(t.Reason!))).Where(t => t.Match.Success)
            .ToDictionary(t => t.MentorshipId, t => (Number: t.Match.Groups[1].Value,
                Date: DateOnly.ParseExact(t.Match.Groups[2].Value, "dd.MM.yyyy", System.Globalization.CultureInfo.InvariantCulture)));
        foreach (var group in pairs.GroupBy(m => named.TryGetValue(m.Id, out var o) ? (m.OrganizationId, o.Number, o.Date) : (m.OrganizationId, (string?)null, m.StartDate.AddDays(-3)))
                     .OrderBy(g => g.Key.Item3).ThenBy(g => g.Key.OrganizationId))
        {
            var org = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == group.Key.OrganizationId);
            var date = group.Key.Item3;
            var taken = await db.ApprovalOrders.Where(o => o.OrganizationId == org.Id && o.Year == date.Year).Select(o => o.Number).ToListAsync();
            var n = taken.Count + 1;
            while (taken.Contains(n.ToString(System.Globalization.CultureInfo.InvariantCulture) + "-н")) n++;
            var number = group.Key.Item2 is { } given && !taken.Contains(given) ? given : n.ToString(System.Globalization.CultureInfo.InvariantCulture) + "-н";
            var rows = group.Select((m, i) => new ApprovalOrderDocx.Row(i + 1,
                string.Join(", ", m.Participants.Where(p => p.Role == ParticipantRole.Mentor).Select(p => p.Person!.FullName)),
                string.Join(", ", m.Participants.Where(p => p.Role != ParticipantRole.Mentor).Select(p => p.Person!.FullName)),
                m.Form!.Name, m.Kind!.Name, $"{Formats.Date(m.StartDate)} – {Formats.Date(m.EndDate)}")).ToList();
            var order = new ApprovalOrder
            {
                OrganizationId = org.Id, MunicipalityId = org.MunicipalityId, RegionId = org.RegionId, Number = number, Year = date.Year, Date = date,
                CreatedAt = now, CreatedBy = "demo", Document = ApprovalOrderDocx.Build(org.Name, number, date, rows, null),
            };
            db.ApprovalOrders.Add(order);
            await db.SaveChangesAsync();
            foreach (var m in group) m.ApprovalOrderId = order.Id;
        }
        await db.SaveChangesAsync();
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"приказ № (\S+) от (\d\d\.\d\d\.\d{4})")]
    private static partial System.Text.RegularExpressions.Regex OrderInReason();
}
