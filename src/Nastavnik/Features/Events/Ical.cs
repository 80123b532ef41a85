using System.Globalization;
using System.Text;

namespace Nastavnik.Features.Events;

/// <summary>RFC 5545 calendar text for events (the timezone is the server's: events are dated in local school time).</summary>
public static class Ical
{
    /// <summary>
    /// Another feature's item in the same calendar (e.g. a pair's meeting): a local (floating) date and time like the
    /// events, a stable UID, and an optional URL (the online meeting's link).
    /// </summary>
    public sealed record Entry(string Uid, DateOnly Day, TimeOnly? At, TimeSpan Duration, string Summary, string? Location, string? Url, string? Description);

    public static string Build(IEnumerable<Event> events, string host, DateTime stampUtc, IEnumerable<Entry>? entries = null)
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
                Line(sb, "DTSTART", day.ToDateTime(t).ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture));
                Line(sb, "DURATION", "PT2H");
            }
            else
            {
                Line(sb, "DTSTART;VALUE=DATE", day.ToString("yyyyMMdd", CultureInfo.InvariantCulture));
                Line(sb, "DTEND;VALUE=DATE", (n == 0 ? e.EndsOn ?? e.StartsOn : day).AddDays(1).ToString("yyyyMMdd", CultureInfo.InvariantCulture));
            }
            Line(sb, "SUMMARY", Escape($"{Platform.Web.Formats.Name(e.Kind)}: {e.Title}"));
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
                Line(sb, "DTSTART", x.Day.ToDateTime(t).ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture));
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
