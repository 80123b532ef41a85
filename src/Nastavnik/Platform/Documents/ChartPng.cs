using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Nastavnik.Platform.Documents;

/// <summary>An RGBA colour.</summary>
public readonly record struct Rgba(byte R, byte G, byte B, byte A = 255)
{
    public static readonly Rgba White = new(255, 255, 255);
    public static readonly Rgba Black = new(0, 0, 0);

    public static Rgba Grey(byte level) => new(level, level, level);
}

/// <summary>
/// A small RGBA raster with what charts need: rectangles, hatching, thick and dashed lines, square markers and a
/// digits-only bitmap font; <see cref="ToPng"/> encodes it. No image library is available here (see packages.md).
/// </summary>
public sealed class Raster
{
    public Raster(int width, int height, Rgba background)
    {
        if (width is < 1 or > 8000 || height is < 1 or > 8000) throw new ArgumentOutOfRangeException(nameof(width), "Размер изображения: от 1 до 8000 точек.");
        Width = width;
        Height = height;
        Pixels = new byte[width * height * 4];
        Fill(0, 0, width, height, background);
    }

    public int Width { get; }
    public int Height { get; }
    /// <summary>Rows top to bottom, 4 bytes a pixel (R, G, B, A).</summary>
    public byte[] Pixels { get; }

    public Rgba this[int x, int y]
    {
        get
        {
            var i = (y * Width + x) * 4;
            return new Rgba(Pixels[i], Pixels[i + 1], Pixels[i + 2], Pixels[i + 3]);
        }
    }

    public void Set(int x, int y, Rgba c)
    {
        if ((uint)x >= (uint)Width || (uint)y >= (uint)Height) return;
        var i = (y * Width + x) * 4;
        Pixels[i] = c.R;
        Pixels[i + 1] = c.G;
        Pixels[i + 2] = c.B;
        Pixels[i + 3] = c.A;
    }

    /// <summary>A filled rectangle, clipped to the raster.</summary>
    public void Fill(int x, int y, int w, int h, Rgba c)
    {
        int x0 = Math.Max(0, x), y0 = Math.Max(0, y), x1 = Math.Min(Width, x + w), y1 = Math.Min(Height, y + h);
        for (var yy = y0; yy < y1; yy++)
            for (var xx = x0; xx < x1; xx++) Set(xx, yy, c);
    }

    /// <summary>A rectangle's outline of the given thickness, inside the rectangle.</summary>
    public void Outline(int x, int y, int w, int h, int thickness, Rgba c)
    {
        Fill(x, y, w, thickness, c);
        Fill(x, y + h - thickness, w, thickness, c);
        Fill(x, y, thickness, h, c);
        Fill(x + w - thickness, y, thickness, h, c);
    }

    /// <summary>Diagonal lines (/) every <paramref name="spacing"/> points inside a rectangle: tells a bar apart in black and white.</summary>
    public void Hatch(int x, int y, int w, int h, int spacing, int thickness, Rgba c)
    {
        for (var yy = Math.Max(0, y); yy < Math.Min(Height, y + h); yy++)
            for (var xx = Math.Max(0, x); xx < Math.Min(Width, x + w); xx++)
                if (((xx - x) + (yy - y)) % spacing < thickness) Set(xx, yy, c);
    }

    /// <summary>
    /// A line of the given thickness from (x0, y0) to (x1, y1); <paramref name="dash"/> &gt; 0 draws dashes of that
    /// length with gaps of the same length.
    /// </summary>
    public void Line(double x0, double y0, double x1, double y1, int thickness, Rgba c, int dash = 0)
    {
        var length = Math.Sqrt((x1 - x0) * (x1 - x0) + (y1 - y0) * (y1 - y0));
        var steps = Math.Max(1, (int)Math.Ceiling(length * 2));
        var half = thickness / 2.0;
        for (var s = 0; s <= steps; s++)
        {
            var along = length * s / steps;
            if (dash > 0 && (int)(along / dash) % 2 == 1) continue;
            var t = (double)s / steps;
            double cx = x0 + (x1 - x0) * t, cy = y0 + (y1 - y0) * t;
            // A round pen: every pixel whose centre lies within half the thickness.
            for (var yy = (int)Math.Floor(cy - half); yy <= (int)Math.Ceiling(cy + half); yy++)
                for (var xx = (int)Math.Floor(cx - half); xx <= (int)Math.Ceiling(cx + half); xx++)
                    if ((xx + 0.5 - cx) * (xx + 0.5 - cx) + (yy + 0.5 - cy) * (yy + 0.5 - cy) <= half * half + 0.25) Set(xx, yy, c);
        }
    }

    // Glyphs 3 wide and 5 high, a row per string, '#' for ink. Words stay out of the images (see ChartPng).
    private static readonly Dictionary<char, string[]> Glyphs = new()
    {
        ['0'] = ["###", "#.#", "#.#", "#.#", "###"],
        ['1'] = [".#.", "##.", ".#.", ".#.", "###"],
        ['2'] = ["###", "..#", "###", "#..", "###"],
        ['3'] = ["###", "..#", "###", "..#", "###"],
        ['4'] = ["#.#", "#.#", "###", "..#", "..#"],
        ['5'] = ["###", "#..", "###", "..#", "###"],
        ['6'] = ["###", "#..", "###", "#.#", "###"],
        ['7'] = ["###", "..#", ".#.", ".#.", ".#."],
        ['8'] = ["###", "#.#", "###", "#.#", "###"],
        ['9'] = ["###", "#.#", "###", "..#", "###"],
        ['%'] = ["#.#", "..#", ".#.", "#..", "#.#"],
        [','] = ["...", "...", "...", ".#.", "#.."],
        ['.'] = ["...", "...", "...", "...", ".#."],
        ['-'] = ["...", "...", "###", "...", "..."],
        [' '] = ["...", "...", "...", "...", "..."],
    };

    public static bool CanWrite(string text) => text.All(Glyphs.ContainsKey);

    /// <summary>Width in points of <paramref name="text"/> at the given scale (a glyph is 3 × scale wide with a gap of one scale unit).</summary>
    public static int TextWidth(string text, int scale) => text.Length == 0 ? 0 : text.Length * 4 * scale - scale;

    /// <summary>Digits (and % , . - space) at (x, y) = top left, each font pixel a square of <paramref name="scale"/> points.</summary>
    public void Text(string text, int x, int y, int scale, Rgba c)
    {
        foreach (var ch in text)
        {
            if (!Glyphs.TryGetValue(ch, out var g)) throw new ArgumentException($"Символ «{ch}» не входит в шрифт диаграмм: только цифры и % , . -", nameof(text));
            for (var row = 0; row < 5; row++)
                for (var col = 0; col < 3; col++)
                    if (g[row][col] == '#') Fill(x + col * scale, y + row * scale, scale, scale, c);
            x += 4 * scale;
        }
    }

    public byte[] ToPng() => Png.Encode(Width, Height, Pixels);
}

/// <summary>
/// PNG encoding (RGBA, 8 bits a channel, no interlace, filter None): signature, IHDR, one IDAT compressed by
/// <see cref="ZLibStream"/>, IEND; each chunk closed by its CRC-32.
/// </summary>
public static class Png
{
    public static ReadOnlySpan<byte> Signature => [137, 80, 78, 71, 13, 10, 26, 10];

    public static byte[] Encode(int width, int height, byte[] rgba)
    {
        if (rgba.Length != width * height * 4) throw new ArgumentException("Число байтов не равно ширине × высоте × 4.", nameof(rgba));
        using var output = new MemoryStream();
        output.Write(Signature);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8;  // bits per channel
        header[9] = 6;  // colour type: RGBA
        // compression 0 (deflate), filter method 0, interlace 0
        Chunk(output, "IHDR", header);

        using var compressed = new MemoryStream();
        using (var z = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            var stride = width * 4;
            for (var y = 0; y < height; y++)
            {
                z.WriteByte(0); // filter type None for every scanline
                z.Write(rgba, y * stride, stride);
            }
        }
        Chunk(output, "IDAT", compressed.ToArray());
        Chunk(output, "IEND", []);
        return output.ToArray();
    }

    private static void Chunk(Stream s, string type, byte[] data)
    {
        Span<byte> four = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(four, data.Length);
        s.Write(four);
        var typeBytes = Encoding.ASCII.GetBytes(type);
        s.Write(typeBytes);
        s.Write(data);
        var crc = Crc32.Update(Crc32.Update(0xFFFFFFFFu, typeBytes), data) ^ 0xFFFFFFFFu;
        BinaryPrimitives.WriteUInt32BigEndian(four, crc);
        s.Write(four);
    }

    /// <summary>CRC-32 as PNG (and zip) define it: reflected polynomial 0xEDB88320, table-driven.</summary>
    public static class Crc32
    {
        private static readonly uint[] Table = Build();

        private static uint[] Build()
        {
            var t = new uint[256];
            for (uint n = 0; n < 256; n++)
            {
                var c = n;
                for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
                t[n] = c;
            }
            return t;
        }

        /// <summary>Continues a running CRC (start with 0xFFFFFFFF, finish with XOR 0xFFFFFFFF).</summary>
        public static uint Update(uint crc, ReadOnlySpan<byte> data)
        {
            foreach (var b in data) crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
            return crc;
        }

        public static uint Compute(ReadOnlySpan<byte> data) => Update(0xFFFFFFFFu, data) ^ 0xFFFFFFFFu;
    }
}

/// <summary>
/// Charts for printed documents, as PNG. Only digits are drawn in the image (row numbers, axis marks, months): the
/// words — captions, names, the values themselves — go in the document's text and in the numbers table beside each
/// chart, where a screen reader, search and a translator can reach them and Cyrillic needs no font of our own. A row
/// number on the chart is the «№» of the table's row. Everything is black, white and greys with patterns, so a
/// black-and-white printout reads the same: a bar that reached its target is solid dark grey, one below its target
/// is light and hatched, the target itself is a thick black mark across the bar.
/// </summary>
public static class ChartPng
{
    /// <summary>A horizontal bar: its value on the 0–<c>max</c> scale and, when there is one, the target on the same scale.</summary>
    public sealed record Bar(double? Value, double? Target = null);

    /// <summary>A line of a trend chart: one value per point (null: no value, the line breaks).</summary>
    public sealed record Series(IReadOnlyList<double?> Values);

    public static readonly Rgba Reached = Rgba.Grey(80);
    public static readonly Rgba Below = Rgba.Grey(205);
    public static readonly Rgba NoTarget = Rgba.Grey(140);
    public static readonly Rgba Grid = Rgba.Grey(215);

    private const int Scale = 4;             // digits 12 × 20 points
    private const int Ink = 3;               // outline thickness

    /// <summary>Marks of the value axis: every quarter of the scale.</summary>
    public static IReadOnlyList<double> Ticks(double max) => [0, max / 4, max / 2, 3 * max / 4, max];

    private static string Number(double v) => Math.Round(v, 1).ToString("0.#", System.Globalization.CultureInfo.GetCultureInfo("ru-RU"));

    /// <summary>
    /// Horizontal bars on a 0–<paramref name="max"/> scale, numbered 1, 2, … from the top, with axis marks at the
    /// quarters. A value above the scale is drawn to its end; a missing value leaves the row empty but numbered.
    /// </summary>
    public static Raster Bars(IReadOnlyList<Bar> bars, double max = 100, int width = 1200)
    {
        ArgumentOutOfRangeException.ThrowIfZero(bars.Count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        var thick = bars.Count <= 12 ? 36 : bars.Count <= 30 ? 24 : 14;
        var gap = bars.Count <= 12 ? 16 : bars.Count <= 30 ? 10 : 6;
        const int top = 16, bottom = 16 + 5 * Scale + 12;
        var left = 16 + Raster.TextWidth(bars.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), Scale) + 16;
        var right = 16 + Raster.TextWidth(Number(max), Scale) / 2;
        var height = top + bars.Count * (thick + gap) + bottom;
        var r = new Raster(width, height, Rgba.White);
        var plot = width - left - right;
        int X(double v) => left + (int)Math.Round(Math.Clamp(v / max, 0, 1) * plot);
        var axisBottom = top + bars.Count * (thick + gap);

        foreach (var t in Ticks(max))
        {
            r.Fill(X(t) - 1, top - 4, 2, axisBottom - top + 8, t == 0 ? Rgba.Black : Grid);
            var label = Number(t);
            r.Text(label, X(t) - Raster.TextWidth(label, Scale) / 2, axisBottom + 12, Scale, Rgba.Black);
        }
        for (var i = 0; i < bars.Count; i++)
        {
            var b = bars[i];
            var y = top + i * (thick + gap) + gap / 2;
            var number = (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            r.Text(number, left - 16 - Raster.TextWidth(number, Scale), y + (thick - 5 * Scale) / 2, Scale, Rgba.Black);
            if (b.Value is { } v)
            {
                var end = X(v);
                if (end - left >= 2 * Ink)
                {
                    var below = b.Target is { } target && v < target - 1e-9;
                    r.Fill(left, y, end - left, thick, b.Target is null ? NoTarget : below ? Below : Reached);
                    if (below) r.Hatch(left, y, end - left, thick, 10, 3, Rgba.Grey(90));
                    r.Outline(left, y, end - left, thick, Ink, Rgba.Black);
                }
                else r.Fill(left, y, Ink, thick, Rgba.Black); // a zero still shows where the bar starts
            }
            if (b.Target is { } tg)
            {
                // The target: a black mark wider than the outline, standing out above and below the bar.
                var x = X(tg);
                r.Fill(x - 3, y - gap / 2 + 1, 6, thick + gap - 2, Rgba.Black);
            }
        }
        return r;
    }

    /// <summary>
    /// A trend: each series a line over the points (months), on a 0–<paramref name="max"/> scale. Series 1 is a solid
    /// black line with filled squares, series 2 a dashed dark grey line with hollow squares, series 3 dotted.
    /// <paramref name="labels"/> are written under the points (month numbers).
    /// </summary>
    public static Raster Trend(IReadOnlyList<Series> series, IReadOnlyList<int> labels, double max = 100, int width = 1200, int height = 520)
    {
        ArgumentOutOfRangeException.ThrowIfZero(series.Count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        if (series.Any(s => s.Values.Count != labels.Count)) throw new ArgumentException("У каждой линии по значению на каждую точку.", nameof(series));
        const int top = 24, bottom = 16 + 5 * Scale + 12, right = 24;
        var left = 16 + Raster.TextWidth(Number(max), Scale) + 16;
        var r = new Raster(width, height, Rgba.White);
        int plotW = width - left - right, plotH = height - top - bottom;
        double X(int i) => left + (i + 0.5) * plotW / labels.Count;
        double Y(double v) => top + plotH - Math.Clamp(v / max, 0, 1) * plotH;

        foreach (var t in Ticks(max))
        {
            var y = (int)Math.Round(Y(t));
            r.Fill(left, y - 1, plotW, 2, t == 0 ? Rgba.Black : Grid);
            var label = Number(t);
            r.Text(label, left - 16 - Raster.TextWidth(label, Scale), y - 5 * Scale / 2, Scale, Rgba.Black);
        }
        r.Fill(left - 1, top, 2, plotH, Rgba.Black);
        for (var i = 0; i < labels.Count; i++)
        {
            var label = labels[i].ToString(System.Globalization.CultureInfo.InvariantCulture);
            r.Text(label, (int)Math.Round(X(i)) - Raster.TextWidth(label, Scale) / 2, top + plotH + 12, Scale, Rgba.Black);
        }
        for (var s = 0; s < series.Count; s++)
        {
            var (colour, pen, dash) = s switch
            {
                0 => (Rgba.Black, 5, 0),
                1 => (Rgba.Grey(90), 4, 14),
                _ => (Rgba.Grey(60), 3, 5),
            };
            var v = series[s].Values;
            for (var i = 0; i + 1 < v.Count; i++)
                if (v[i] is { } a && v[i + 1] is { } b) r.Line(X(i), Y(a), X(i + 1), Y(b), pen, colour, dash);
            for (var i = 0; i < v.Count; i++)
            {
                if (v[i] is not { } a) continue;
                int cx = (int)Math.Round(X(i)), cy = (int)Math.Round(Y(a));
                const int m = 8;
                if (s == 1)
                {
                    r.Fill(cx - m, cy - m, 2 * m, 2 * m, Rgba.White);
                    r.Outline(cx - m, cy - m, 2 * m, 2 * m, Ink, colour);
                }
                else r.Fill(cx - m, cy - m, 2 * m, 2 * m, colour);
            }
        }
        return r;
    }
}
