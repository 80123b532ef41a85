using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Nastavnik.Features.Mentorships;
using Nastavnik.Features.Programmes;
using Nastavnik.Platform.Auth;
using Nastavnik.Tests.Mentorships;

namespace Nastavnik.Tests.Programmes;

public sealed partial class MeetingCalendarTests(TestApp app) : IClassFixture<TestApp>
{
    /// <summary>A VEVENT as a calendar reads it: lines unfolded, TEXT values unescaped, parameters kept in the name.</summary>
    private sealed record VEvent(Dictionary<string, string> Props)
    {
        public string this[string name] => Props[name];
    }

    /// <summary>Parses an iCalendar text strictly enough to catch broken output: CRLF only, ≤ 75 octets per line, balanced blocks.</summary>
    private static List<VEvent> Parse(string ics)
    {
        Assert.StartsWith("BEGIN:VCALENDAR\r\n", ics);
        Assert.EndsWith("END:VCALENDAR\r\n", ics);
        Assert.DoesNotMatch("[^\r]\n", ics);
        foreach (var raw in ics.Split("\r\n"))
            Assert.True(Encoding.UTF8.GetByteCount(raw) <= 75, $"Line longer than 75 octets: {raw}");
        var lines = ics.Replace("\r\n ", "", StringComparison.Ordinal).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var result = new List<VEvent>();
        Dictionary<string, string>? current = null;
        foreach (var line in lines)
        {
            if (line == "BEGIN:VEVENT") { Assert.Null(current); current = []; continue; }
            if (line == "END:VEVENT") { result.Add(new VEvent(current!)); current = null; continue; }
            if (current is null) continue;
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var name = line[..colon];
            var value = line[(colon + 1)..];
            // TEXT values: \\ \; \, \n are escapes; a bare ; or , would be a value separator, i.e. broken output.
            if (name is "SUMMARY" or "DESCRIPTION" or "LOCATION")
            {
                Assert.DoesNotMatch(@"(?<!\\)[;,]", BareSeparators().Replace(value, ""));
                value = Unescape(value);
            }
            current[name] = value;
        }
        Assert.Null(current);
        return result;
    }

    private static string Unescape(string v)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < v.Length; i++)
        {
            if (v[i] == '\\' && i + 1 < v.Length)
            {
                i++;
                sb.Append(v[i] is 'n' or 'N' ? '\n' : v[i]);
            }
            else sb.Append(v[i]);
        }
        return sb.ToString();
    }

    [GeneratedRegex(@"\\\\")]
    private static partial Regex BareSeparators();

    private static async Task<string> FeedUrlAsync(HttpClient client)
    {
        var html = await (await client.PostFormAsync("/events/feedlink", [])).Content.ReadAsStringAsync();
        var url = Regex.Match(html, "(http://[^<\\s]+/events/feed\\?token=[A-Za-z0-9_-]+)").Groups[1].Value;
        Assert.NotEmpty(url);
        return new Uri(url).PathAndQuery;
    }

    [Fact]
    public async Task Feed_HasOwnMeetings_ForMentorMenteeAndCurator_NotForOthers_ParsesAsRfc5545()
    {
        app.Clock.Set(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
        var org = await app.CreateOrganizationAsync();
        var mentorUser = await app.CreateUserAsync(Role.Mentor, organization: org);
        var menteeUser = await app.CreateUserAsync(Role.Mentee, organization: org);
        var mentor = await app.CreateMentorAsync(org, "Сергеева", email: mentorUser.Email);
        var mentee = await app.CreateMenteeAsync(org, "Молодцова", email: menteeUser.Email);
        var m = await app.CreateMentorshipAsync(org, mentor, mentee, MentorshipStatus.Active);
        var (programId, online, inPerson) = await app.WithDbAsync(async db =>
        {
            var p = new MentoringProgram
            {
                MentorshipId = m.Id, OrganizationId = org.Id, MunicipalityId = org.MunicipalityId, RegionId = org.RegionId, Goal = "Адаптация",
                StartDate = new DateOnly(2026, 12, 1), EndDate = new DateOnly(2027, 5, 31), CreatedAt = app.Clock.GetUtcNow().UtcDateTime,
            };
            db.MentoringPrograms.Add(p);
            await db.SaveChangesAsync();
            var a = new Meeting
            {
                ProgramId = p.Id, Kind = MeetingKind.Organizational, HeldOn = new DateOnly(2026, 12, 3), StartsAt = new TimeOnly(15, 30), Online = true,
                Link = "https://meet.example.org/room?id=42,43&x=1", Notes = "Знакомство; план на полугодие, цели\nвзять журнал\\тетрадь",
            };
            var b = new Meeting { ProgramId = p.Id, Kind = MeetingKind.Trial, HeldOn = new DateOnly(2026, 12, 10) };
            // Long past meetings stay out of the feed (it looks three months back, as the events do).
            var old = new Meeting { ProgramId = p.Id, Kind = MeetingKind.Regular, HeldOn = new DateOnly(2026, 6, 1) };
            db.Meetings.AddRange(a, b, old);
            await db.SaveChangesAsync();
            return (p.Id, a.Id, b.Id);
        });
        string S(int n) => n.ToString(CultureInfo.InvariantCulture);

        var anonymous = app.NewClient();
        var mentorFeed = await FeedUrlAsync(await app.LoginAsync(mentorUser));
        var ics = await anonymous.GetStringAsync(mentorFeed);
        var events = Parse(ics).Where(e => e["UID"].StartsWith("meeting-", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, events.Count);
        var first = events.Single(e => e["UID"] == $"meeting-{S(online)}@localhost");
        Assert.Equal(Nastavnik.Features.Events.Ical.Utc(new DateOnly(2026, 12, 3), new TimeOnly(15, 30), TimeZoneInfo.Local), first["DTSTART"]);
        Assert.EndsWith("Z", first["DTSTART"], StringComparison.Ordinal);
        Assert.Equal("PT60M", first["DURATION"]);
        Assert.Equal("Встреча наставничества (организационная): Сергеева М. П., Молодцова М. П.", first["SUMMARY"]);
        Assert.Equal("онлайн", first["LOCATION"]);
        Assert.Equal("https://meet.example.org/room?id=42,43&x=1", first["URL"]);
        Assert.Contains("Знакомство; план на полугодие, цели\nвзять журнал\\тетрадь", first["DESCRIPTION"]);
        Assert.Contains($"http://localhost/programmes/card/{S(programId)}", first["DESCRIPTION"]);
        Assert.Matches("^\\d{8}T\\d{6}Z$", first["DTSTAMP"]);
        var second = events.Single(e => e["UID"] == $"meeting-{S(inPerson)}@localhost");
        Assert.Equal("20261210", second["DTSTART;VALUE=DATE"]);
        Assert.Equal("20261211", second["DTEND;VALUE=DATE"]);
        Assert.Equal(org.Name, second["LOCATION"]);
        Assert.False(second.Props.ContainsKey("URL"));

        // UIDs are stable: a calendar updates the meeting instead of adding a copy.
        app.Clock.Advance(TimeSpan.FromHours(1));
        var again = Parse(await anonymous.GetStringAsync(mentorFeed)).Where(e => e["UID"].StartsWith("meeting-", StringComparison.Ordinal)).Select(e => e["UID"]).Order().ToList();
        Assert.Equal(events.Select(e => e["UID"]).Order(), again);

        // The mentee and the school's curator see the same meetings; a curator elsewhere and another mentor of the school do not.
        Assert.Equal(2, Meetings(await anonymous.GetStringAsync(await FeedUrlAsync(await app.LoginAsync(menteeUser)))));
        Assert.Equal(2, Meetings(await anonymous.GetStringAsync(await FeedUrlAsync(await app.LoginAsAsync(Role.Curator, organization: org)))));
        Assert.Equal(0, Meetings(await anonymous.GetStringAsync(await FeedUrlAsync(await app.LoginAsAsync(Role.Curator, organization: await app.CreateOrganizationAsync())))));
        var otherUser = await app.CreateUserAsync(Role.Mentor, organization: org);
        await app.CreateMentorAsync(org, "Посторонний", email: otherUser.Email);
        Assert.Equal(0, Meetings(await anonymous.GetStringAsync(await FeedUrlAsync(await app.LoginAsync(otherUser)))));
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/events/feed?token=nothing")).StatusCode);

        int Meetings(string text) => Parse(text).Count(e => e["UID"].StartsWith("meeting-", StringComparison.Ordinal) && e["UID"] is var u
            && (u == $"meeting-{S(online)}@localhost" || u == $"meeting-{S(inPerson)}@localhost"));
    }
}
