using System.Text;
using System.Text.RegularExpressions;

namespace Nastavnik.Tests.Notifications;

/// <summary>Reads the .eml files System.Net.Mail writes to a pickup folder: headers (RFC 2047 words decoded) and a base64 or plain body.</summary>
public sealed partial record Eml(string File, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string Subject => Headers.GetValueOrDefault("Subject", "");
    public string To => Headers.GetValueOrDefault("To", "");

    public static Eml Read(string file)
    {
        var raw = System.IO.File.ReadAllText(file, Encoding.ASCII);
        var split = raw.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var head = raw[..split].Replace("\r\n ", " ", StringComparison.Ordinal).Replace("\r\n\t", " ", StringComparison.Ordinal);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in head.Split("\r\n"))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0) headers[line[..colon]] = DecodeWords(line[(colon + 1)..].Trim());
        }
        var body = raw[(split + 4)..];
        if (headers.GetValueOrDefault("Content-Transfer-Encoding", "").Equals("base64", StringComparison.OrdinalIgnoreCase))
            body = Encoding.UTF8.GetString(Convert.FromBase64String(Whitespace().Replace(body, "")));
        return new Eml(file, headers, body);
    }

    /// <summary>All letters in the folder (none when it does not exist yet).</summary>
    public static List<Eml> ReadAll(string folder) =>
        Directory.Exists(folder) ? [.. Directory.GetFiles(folder, "*.eml").Select(Read)] : [];

    private static string DecodeWords(string value)
    {
        // Adjacent encoded words are joined without the whitespace between them (RFC 2047 §6.2), and their bytes are
        // decoded together: a multi-byte letter may be split between two words.
        value = BetweenWords().Replace(value, "?==?");
        var sb = new StringBuilder();
        var pending = new List<byte>();
        Encoding? charset = null;
        var end = 0;
        foreach (Match m in Word().Matches(value))
        {
            if (m.Index != end && pending.Count > 0) { sb.Append(charset!.GetString([.. pending])); pending.Clear(); }
            sb.Append(value, end, m.Index - end);
            charset = Encoding.GetEncoding(m.Groups[1].Value);
            pending.AddRange(m.Groups[2].Value.Equals("B", StringComparison.OrdinalIgnoreCase)
                ? Convert.FromBase64String(m.Groups[3].Value)
                : QuotedPrintable(m.Groups[3].Value.Replace('_', ' ')));
            end = m.Index + m.Length;
        }
        if (pending.Count > 0) sb.Append(charset!.GetString([.. pending]));
        sb.Append(value, end, value.Length - end);
        return sb.ToString();
    }

    private static byte[] QuotedPrintable(string s)
    {
        var bytes = new List<byte>();
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] == '=' && i + 2 < s.Length) { bytes.Add(Convert.ToByte(s.Substring(i + 1, 2), 16)); i += 2; }
            else bytes.Add((byte)s[i]);
        }
        return [.. bytes];
    }

    [GeneratedRegex(@"=\?([^?]+)\?([BbQq])\?([^?]*)\?=")]
    private static partial Regex Word();

    [GeneratedRegex(@"\?=\s+=\?")]
    private static partial Regex BetweenWords();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
