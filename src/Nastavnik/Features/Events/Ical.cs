using System.Globalization;
using System.Text;

namespace Nastavnik.Features.Events;

/// <summary>RFC 5545 calendar text for events. Events are dated in local school time; timed ones are written in UTC.</summary>
public static class Ical
{
    /// <summary>All-day spans up to a month (a course of two weeks) stay one block; longer ones are periods, not days.</summary>
    public const int LongestAllDaySpan = 31;

    /// <summary>
    /// Another feature's item in the same calendar (e.g. a pair's meeting): a local (floating) date and time like the
    /// events, a stable UID, and an optional URL (the online meeting's link).
    /// </summary>
    public sealed record Entry(string Uid, DateOnly Day, TimeOnly? At, TimeSpan Duration, string Summary, string? Location, string? Url, string? Description);

    /// <param name="zone">The zone school times are written in (the app's local zone): timed items go out in UTC («Z»), so a phone
    /// in another zone, or one that reads floating times as its own, shows them at the right moment.</param>
    public static string Build(IEnumerable<Event> events, string host, DateTime stampUtc, IEnumerable<Entry>? entries = null, TimeZoneInfo? zone = null)
    {
        var sb = new StringBuilder();
        sb.Append("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Nastavnik//RU\r\nCALSCALE:GREGORIAN\r\nX-WR-CALNAME:Наставничество\r\n");
        // A series (extra days) becomes one VEVENT per day: calendars show each session where it happens.
        foreach (var (e, day, n) in events.SelectMany(e => new[] { (e, e.StartsOn, 0) }.Concat(e.ExtraDates.OrderBy(x => x.On).Select((x, i) => (e, x.On, i + 1)))))
        {
            sb.Append("BEGIN:VEVENT\r\n");
            Line(sb, "UID", n == 0 ? $"event-{e.Id}@{host}" : $"event-{e.Id}-{n}@{host}");
            Line(sb, "DTSTAMP", stampUtc.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture));
            if (e.StartsAt is { } t)
            {
                Line(sb, "DTSTART", Utc(day, t, zone));
                Line(sb, "DURATION", "PT2H");
            }
            var end = n == 0 ? e.EndsOn ?? e.StartsOn : day;
            // «Консультации с 15.09 по 31.05» happen on request within the period, not every day of it: a nine-month all-day block
            // would cover the whole calendar. A long period shows on its first day, names the period and does not mark the time busy.
            var period = e.StartsAt is null && end.DayNumber - day.DayNumber > LongestAllDaySpan;
            if (e.StartsAt is null)
            {
                Line(sb, "DTSTART;VALUE=DATE", day.ToString("yyyyMMdd", CultureInfo.InvariantCulture));
                Line(sb, "DTEND;VALUE=DATE", (period ? day : end).AddDays(1).ToString("yyyyMMdd", CultureInfo.InvariantCulture));
                if (period) Line(sb, "TRANSP", "TRANSPARENT");
            }
            Line(sb, "SUMMARY", Escape($"{Platform.Web.Formats.Name(e.Kind)}: {e.Title}"
                + (period ? $" (в течение периода {Platform.Web.Formats.Date(day)} – {Platform.Web.Formats.Date(end)})" : "")));
            if (e.Place is not null || e.Link is not null) Line(sb, "LOCATION", Escape(e.Place ?? e.Link!));
            var description = string.Join("\\n", new[] { e.Description, e.Audience is null ? null : "Аудитория: " + e.Audience, e.Responsible is null ? null : "Ответственные: " + e.Responsible, e.Link }
                .Where(x => !string.IsNullOrWhiteSpace(x)).Select(x => Escape(x!)));
            if (description.Length > 0) Line(sb, "DESCRIPTION", description);
            sb.Append("END:VEVENT\r\n");
        }
        foreach (var x in entries ?? [])
        {
            sb.Append("BEGIN:VEVENT\r\n");
            Line(sb, "UID", x.Uid);
            Line(sb, "DTSTAMP", stampUtc.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture));
            if (x.At is { } t)
            {
                Line(sb, "DTSTART", Utc(x.Day, t, zone));
                Line(sb, "DURATION", $"PT{((int)x.Duration.TotalMinutes).ToString(CultureInfo.InvariantCulture)}M");
            }
            else
            {
                Line(sb, "DTSTART;VALUE=DATE", x.Day.ToString("yyyyMMdd", CultureInfo.InvariantCulture));
                Line(sb, "DTEND;VALUE=DATE", x.Day.AddDays(1).ToString("yyyyMMdd", CultureInfo.InvariantCulture));
            }
            Line(sb, "SUMMARY", Escape(x.Summary));
            if (x.Location is not null) Line(sb, "LOCATION", Escape(x.Location));
            // URL is of type URI, not TEXT: no backslash escaping; line breaks could never be part of one.
            if (x.Url is not null && Uri.TryCreate(x.Url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https") Line(sb, "URL", uri.AbsoluteUri);
            if (!string.IsNullOrWhiteSpace(x.Description)) Line(sb, "DESCRIPTION", Escape(x.Description));
            sb.Append("END:VEVENT\r\n");
        }
        sb.Append("END:VCALENDAR\r\n");
        return sb.ToString();
    }

    /// <summary>A local school date and time as an RFC 5545 UTC time: «20270120T113000Z» for 14:30 in Moscow.</summary>
    public static string Utc(DateOnly day, TimeOnly at, TimeZoneInfo? zone) =>
        TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(day.ToDateTime(at), DateTimeKind.Unspecified), zone ?? TimeZoneInfo.Local)
            .ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    private static string Escape(string s) => s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace(";", "\\;", StringComparison.Ordinal)
        .Replace(",", "\\,", StringComparison.Ordinal).Replace("\r\n", "\\n", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    /// <summary>Lines are folded at 75 octets as the RFC asks (multi-byte Cyrillic counts as 2 octets).</summary>
    private static void Line(StringBuilder sb, string name, string value)
    {
        var line = name + ":" + value;
        var octets = 0;
        foreach (var ch in line)
        {
            var size = Encoding.UTF8.GetByteCount([ch]);
            if (octets + size > 75) { sb.Append("\r\n "); octets = 1; }
            sb.Append(ch);
            octets += size;
        }
        sb.Append("\r\n");
    }
}
