using Nastavnik.Features.Events;

namespace Nastavnik.Tests.Events;

/// <summary>The calendar feed read back as a phone would: unfolded lines, one property per line.</summary>
public sealed class IcalTests
{
    private static List<Dictionary<string, string>> Parse(string ics)
    {
        var events = new List<Dictionary<string, string>>();
        Dictionary<string, string>? current = null;
        foreach (var line in ics.Replace("\r\n ", "", StringComparison.Ordinal).Split("\r\n", StringSplitOptions.RemoveEmptyEntries))
        {
            if (line == "BEGIN:VEVENT") current = [];
            else if (line == "END:VEVENT") { events.Add(current!); current = null; }
            else if (current is not null) current[line[..line.IndexOf(':', StringComparison.Ordinal)]] = line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..];
        }
        return events;
    }

    [Fact]
    public void Build_LongConsultationPeriodAndTimedSeminar_PeriodOnFirstDayTimesInUtc()
    {
        var moscow = TimeZoneInfo.CreateCustomTimeZone("MSK", TimeSpan.FromHours(3), "MSK", "MSK");
        Event[] events =
        [
            new() { Id = 1, Kind = EventKind.Consultation, Title = "Консультации по программам наставничества", StartsOn = new DateOnly(2026, 9, 15), EndsOn = new DateOnly(2027, 6, 1) },
            new() { Id = 2, Kind = EventKind.Course, Title = "КПК «Наставничество»", StartsOn = new DateOnly(2026, 12, 4), EndsOn = new DateOnly(2026, 12, 15) },
            new() { Id = 3, Kind = EventKind.Seminar, Title = "Семинар «Мой урок по ФГОС»", StartsOn = new DateOnly(2027, 1, 20), StartsAt = new TimeOnly(14, 30) },
        ];
        var feed = Parse(Ical.Build(events, "localhost", new DateTime(2026, 11, 23, 7, 0, 0, DateTimeKind.Utc), zone: moscow));

        var consultations = feed.Single(e => e["UID"] == "event-1@localhost");
        Assert.Equal("20260915", consultations["DTSTART;VALUE=DATE"]);
        Assert.Equal("20260916", consultations["DTEND;VALUE=DATE"]);      // not a nine-month block
        Assert.Equal("TRANSPARENT", consultations["TRANSP"]);
        Assert.Contains("в течение периода 15.09.2026 – 01.06.2027", consultations["SUMMARY"]);

        var course = feed.Single(e => e["UID"] == "event-2@localhost");  // a two-week course stays one block
        Assert.Equal(("20261204", "20261216"), (course["DTSTART;VALUE=DATE"], course["DTEND;VALUE=DATE"]));
        Assert.False(course.ContainsKey("TRANSP"));

        var seminar = feed.Single(e => e["UID"] == "event-3@localhost");
        Assert.Equal("20270120T113000Z", seminar["DTSTART"]);             // 14:30 in Moscow, written in UTC
        Assert.Equal("PT2H", seminar["DURATION"]);
    }
}
