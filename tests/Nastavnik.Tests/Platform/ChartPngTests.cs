using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using Nastavnik.Platform.Documents;
using DW = DocumentFormat.OpenXml.Drawing.Wordprocessing;

namespace Nastavnik.Tests.Platform;

/// <summary>The PNG charts: decoded here by a decoder of our own (CRC checked bit by bit, not by the encoder's table), then measured.</summary>
public sealed class ChartPngTests
{
    /// <summary>A strict little PNG reader for what <see cref="Png"/> writes: RGBA 8-bit, no interlace, filter None.</summary>
    internal static (int Width, int Height, byte[] Rgba) Decode(byte[] png)
    {
        Assert.True(png.AsSpan(0, 8).SequenceEqual(new byte[] { 137, 80, 78, 71, 13, 10, 26, 10 }), "подпись PNG");
        var at = 8;
        int width = 0, height = 0;
        var idat = new MemoryStream();
        var types = new List<string>();
        while (at < png.Length)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
            var type = Encoding.ASCII.GetString(png, at + 4, 4);
            var data = png.AsSpan(at + 8, length);
            var crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(at + 8 + length));
            Assert.Equal(BitwiseCrc(png.AsSpan(at + 4, 4 + length)), crc);
            types.Add(type);
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(data);
                height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                Assert.Equal(new byte[] { 8, 6, 0, 0, 0 }, data[8..13].ToArray()); // 8 bits, RGBA, deflate, filter method 0, no interlace
            }
            if (type == "IDAT") idat.Write(data);
            at += 12 + length;
        }
        Assert.Equal("IHDR", types[0]);
        Assert.Equal("IEND", types[^1]);
        idat.Position = 0;
        using var z = new ZLibStream(idat, CompressionMode.Decompress);
        var raw = new MemoryStream();
        z.CopyTo(raw);
        var bytes = raw.ToArray();
        Assert.Equal(width * height * 4 + height, bytes.Length);
        var rgba = new byte[width * height * 4];
        for (var y = 0; y < height; y++)
        {
            Assert.Equal(0, bytes[y * (width * 4 + 1)]); // filter type None
            Array.Copy(bytes, y * (width * 4 + 1) + 1, rgba, y * width * 4, width * 4);
        }
        return (width, height, rgba);
    }

    /// <summary>CRC-32 computed bit by bit, independent of the encoder's table.</summary>
    private static uint BitwiseCrc(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc >> 1) ^ (0xEDB88320u & (uint)-(int)(crc & 1));
        }
        return ~crc;
    }

    private static (byte R, byte G, byte B) At((int Width, int Height, byte[] Rgba) img, int x, int y)
    {
        var i = (y * img.Width + x) * 4;
        return (img.Rgba[i], img.Rgba[i + 1], img.Rgba[i + 2]);
    }

    private static bool IsWhite((byte R, byte G, byte B) p) => p is (255, 255, 255);

    /// <summary>Rows of the image that cross a bar (rows with ink right of the axis), grouped into bars top to bottom.</summary>
    private static List<(int Top, int Bottom)> BarRows((int Width, int Height, byte[] Rgba) img, int probeX)
    {
        var bars = new List<(int, int)>();
        var start = -1;
        for (var y = 0; y < img.Height; y++)
        {
            var ink = !IsWhite(At(img, probeX, y)) && At(img, probeX, y) != (215, 215, 215);
            if (ink && start < 0) start = y;
            if (!ink && start >= 0) { bars.Add((start, y - 1)); start = -1; }
        }
        return bars;
    }

    /// <summary>Where a bar ends: the last non-white pixel of the row, ignoring the light grid lines.</summary>
    private static int BarEnd((int Width, int Height, byte[] Rgba) img, int y, int from)
    {
        var end = from;
        for (var x = from; x < img.Width; x++)
        {
            var p = At(img, x, y);
            if (!IsWhite(p) && p != (215, 215, 215)) end = x;
        }
        return end;
    }

    [Fact]
    public void Crc32_CheckValue_IsTheStandardOne() =>
        Assert.Equal(0xCBF43926u, Png.Crc32.Compute("123456789"u8));

    [Fact]
    public void Bars_SeventyAndThirtyFive_DecodeAndTheFirstIsTwiceAsLong()
    {
        var chart = ChartPng.Bars([new(70), new(35)], width: 1000);
        var img = Decode(chart.ToPng());
        Assert.Equal((1000, chart.Height), (img.Width, img.Height));
        // The axis (x of value 0) is the left edge of the bars: find it on the first bar's middle row.
        var probe = 200;
        var rows = BarRows(img, probe);
        Assert.Equal(2, rows.Count);
        var y1 = (rows[0].Top + rows[0].Bottom) / 2;
        var y2 = (rows[1].Top + rows[1].Bottom) / 2;
        // The axis is the first black column after the row numbers (which end well before x = 30).
        var axis = Enumerable.Range(30, 100).First(x => At(img, x, y1) == (0, 0, 0));
        var l1 = BarEnd(img, y1, axis) - axis;
        var l2 = BarEnd(img, y2, axis) - axis;
        Assert.True(l1 > l2, $"70 % ({l1}) длиннее 35 % ({l2})");
        Assert.InRange((double)l1 / l2, 1.95, 2.05);
        // No target: the bars are solid mid grey inside their black outline.
        Assert.Equal((140, 140, 140), At(img, axis + 20, y1));
    }

    [Fact]
    public void Bars_WithTargets_BelowIsLightAndHatched_ReachedIsDark_TargetIsABlackMark()
    {
        var chart = ChartPng.Bars([new(40, 50), new(60, 50)], width: 1000);
        var img = Decode(chart.ToPng());
        var rows = BarRows(img, 200);
        Assert.Equal(2, rows.Count);
        int y1 = (rows[0].Top + rows[0].Bottom) / 2, y2 = (rows[1].Top + rows[1].Bottom) / 2;
        var below = Enumerable.Range(150, 200).Select(x => At(img, x, y1)).Distinct().ToList();
        Assert.Contains(((byte)205, (byte)205, (byte)205), below);  // light fill
        Assert.Contains(((byte)90, (byte)90, (byte)90), below);     // hatching
        Assert.All(Enumerable.Range(150, 200).Select(x => At(img, x, y2)), p => Assert.Equal((80, 80, 80), p));
        // The target (50 %) is the same black column across both bars, standing out above the first bar's top.
        var black1 = Enumerable.Range(0, img.Width).Where(x => At(img, x, rows[0].Top + 1) == (0, 0, 0)).ToList();
        var targetX = Enumerable.Range(300, img.Width - 300).First(x => At(img, x, y2) == (0, 0, 0) && At(img, x, y1) == (0, 0, 0) && At(img, x + 1, y1) == (0, 0, 0));
        Assert.True(At(img, targetX, rows[0].Top - 2) == (0, 0, 0) || rows[0].Top < 3, "отметка плана выступает над полосой");
        Assert.NotEmpty(black1);
        // The first bar (40) ends before the target (50), the second (60) goes past it.
        Assert.True(IsWhite(At(img, targetX - 12, y1)));
        Assert.Equal((80, 80, 80), At(img, targetX - 12, y2));
        Assert.Equal((80, 80, 80), At(img, targetX + 20, y2));
        Assert.True(IsWhite(At(img, targetX + 20, y1)));
    }

    [Fact]
    public void Trend_RisingSeries_EndsHigherThanItStarts_SecondSeriesIsDashed()
    {
        var chart = ChartPng.Trend([new([0, 50, 100]), new([100, null, 100])], [1, 2, 3], width: 900, height: 400);
        var img = Decode(chart.ToPng());
        // Filled square markers of the first series: black at the point; the first point is low, the last high.
        var columns = Enumerable.Range(0, img.Width).Where(x => Enumerable.Range(0, img.Height).Any(y => At(img, x, y) == (0, 0, 0))).ToList();
        int TopBlack(int x0, int x1) => Enumerable.Range(0, img.Height - 50).First(y => Enumerable.Range(x0, x1 - x0).Any(x => At(img, x, y) == (0, 0, 0)));
        var left = TopBlack(img.Width / 6, img.Width / 3);
        var right = TopBlack(img.Width * 3 / 4, img.Width - 30);
        Assert.True(right < left, $"последняя точка ({right}) выше первой ({left})");
        // The second series at 100 (the top line, y = 24): grey hollow markers at points 1 and 3, and no line between them
        // (the missing point 2 breaks it).
        var greyOnTop = Enumerable.Range(0, img.Width).Where(x => At(img, x, 24) == (90, 90, 90)).ToList();
        Assert.NotEmpty(greyOnTop);
        Assert.DoesNotContain(greyOnTop, x => x > 260 && x < 690);
        Assert.Contains(greyOnTop, x => x < 260);
        Assert.Contains(greyOnTop, x => x > 690);
        Assert.NotEmpty(columns);
    }

    [Fact]
    public void Font_DigitsOnly_WordsAreRefused()
    {
        Assert.True(Raster.CanWrite("12,5 %"));
        Assert.False(Raster.CanWrite("План"));
        var r = new Raster(100, 40, Rgba.White);
        Assert.Throws<ArgumentException>(() => r.Text("План", 0, 0, 2, Rgba.Black));
        r.Text("1", 0, 0, 2, Rgba.Black);
        // «1»: the top row is the middle pixel only; the bottom row is full.
        Assert.Equal(Rgba.White, r[0, 0]);
        Assert.Equal(Rgba.Black, r[2, 0]);
        Assert.Equal(Rgba.Black, r[0, 8]);
        Assert.Equal(Rgba.Black, r[5, 9]);
    }

    [Fact]
    public void Docx_Image_IsValidInlineWithAltTextAndProportionalSize()
    {
        var chart = ChartPng.Bars([new(70, 50), new(35, 50)], width: 800);
        var d = new DocxBuilder();
        d.Paragraph("Рисунок 1. Проверка");
        d.Image(chart, 16, "1. Школа №1: 70 %, план 50 %. 2. Школа №2: 35 %, план 50 %.", "Вовлечённость");
        d.Image(ChartPng.Bars([new(10)]), 40, "Вторая", "Вторая");
        using var doc = WordprocessingDocument.Open(new MemoryStream(d.ToArray()), false);
        var errors = new OpenXmlValidator().Validate(doc).Select(e => e.Description + " @ " + e.Path?.XPath).ToList();
        Assert.Empty(errors);
        var main = doc.MainDocumentPart!;
        Assert.Equal(2, main.ImageParts.Count());
        var inlines = main.Document.Body!.Descendants<DW.Inline>().ToList();
        Assert.Equal(2, inlines.Count);
        var first = inlines[0];
        Assert.Equal("1. Школа №1: 70 %, план 50 %. 2. Школа №2: 35 %, план 50 %.", first.DocProperties!.Description!.Value);
        Assert.NotEqual(first.DocProperties.Id!.Value, inlines[1].DocProperties!.Id!.Value);
        Assert.Equal(16 * 360000L, first.Extent!.Cx!.Value);
        Assert.Equal(16 * 360000L * chart.Height / chart.Width, first.Extent.Cy!.Value);
        // A width beyond the page is cut to the text width (17 cm in portrait A4 with our margins).
        Assert.True(inlines[1].Extent!.Cx!.Value <= 9638L * 635);
        var blip = first.Descendants<DocumentFormat.OpenXml.Drawing.Blip>().Single();
        var part = (ImagePart)main.GetPartById(blip.Embed!.Value!);
        using var stream = part.GetStream();
        var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        Assert.Equal(chart.Width, Decode(bytes.ToArray()).Width);
        Assert.Equal("image/png", part.ContentType);
    }
}
