using Microsoft.AspNetCore.Http;

namespace Nastavnik.Platform.Web;

/// <summary>
/// A file attached as evidence (подтверждение): a scan, a photo of a certificate, a protocol, a table. One rule set for
/// the roadmap items and the programme plans: 10 MB, the office and picture formats a school produces, and the first bytes
/// must match the extension — a renamed executable or HTML page is refused, and what is served back is always a download.
/// </summary>
public static class EvidenceUpload
{
    public const long MaxBytes = 10 * 1024 * 1024;

    /// <summary>Leave room for the multipart envelope around the largest allowed file.</summary>
    public const long RequestLimit = MaxBytes + 1024 * 1024;

    public const string AllowedText = "Можно приложить PDF, документ Word/LibreOffice, таблицу Excel или фотографию (JPG, PNG).";

    private static readonly byte[] Pdf = "%PDF"u8.ToArray();
    private static readonly byte[] Zip = [0x50, 0x4B, 0x03, 0x04];
    private static readonly byte[] Ole = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF];
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Extension → (content type, signature of the first bytes). DOCX/XLSX/ODT are zip packages; DOC/XLS are OLE files.</summary>
    private static readonly Dictionary<string, (string ContentType, byte[] Magic)> Kinds = new(StringComparer.OrdinalIgnoreCase)
    {
        [".pdf"] = ("application/pdf", Pdf),
        [".docx"] = ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", Zip),
        [".xlsx"] = ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Zip),
        [".odt"] = ("application/vnd.oasis.opendocument.text", Zip),
        [".doc"] = ("application/msword", Ole),
        [".xls"] = ("application/vnd.ms-excel", Ole),
        [".jpg"] = ("image/jpeg", Jpeg),
        [".jpeg"] = ("image/jpeg", Jpeg),
        [".png"] = ("image/png", Png),
    };

    public sealed record Accepted(string FileName, string ContentType, byte[] Content);

    /// <summary>Reads the upload and checks it; answers the file or a Russian reason for the form.</summary>
    public static async Task<(Accepted? File, string? Error)> ReadAsync(IFormFile? file, CancellationToken ct = default)
    {
        if (file is null || file.Length == 0) return (null, "Выберите файл.");
        if (file.Length > MaxBytes) return (null, "Файл больше 10 МБ.");
        var ext = Path.GetExtension(file.FileName ?? "");
        if (!Kinds.TryGetValue(ext, out var kind)) return (null, AllowedText);
        using var ms = new MemoryStream((int)file.Length);
        await file.CopyToAsync(ms, ct);
        var bytes = ms.ToArray();
        if (!bytes.AsSpan().StartsWith(kind.Magic))
            return (null, $"Файл «{SafeName(file.FileName)}» не похож на {ext.TrimStart('.').ToUpperInvariant()}: содержимое не совпадает с расширением. Сохраните его заново и приложите ещё раз.");
        return (new Accepted(SafeName(file.FileName), kind.ContentType, bytes), null);
    }

    /// <summary>The name without any folder a browser may send, at most 200 characters (the column), keeping the extension.</summary>
    public static string SafeName(string? name)
    {
        var n = Path.GetFileName((name ?? "").Replace('\\', '/').Split('/')[^1]).Trim();
        if (n.Length == 0) n = "файл";
        return n.Length > 200 ? n[^200..] : n;
    }
}
