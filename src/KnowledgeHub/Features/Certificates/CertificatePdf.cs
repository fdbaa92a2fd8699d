using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;
using QRCoder;

namespace KnowledgeHub.Features.Certificates;

public sealed class CertificateOptions
{
    /// <summary>Verification look-ups (page, PDF, credential) per minute per client address.</summary>
    public int LookupsPerMinute { get; set; } = 60;
    /// <summary>Folders searched, in order, for the PDF's TrueType fonts (Debian's fonts-noto-core and fonts-dejavu-core).</summary>
    public List<string> FontFolders { get; set; } = ["/usr/share/fonts/truetype/noto", "/usr/share/fonts/truetype/dejavu"];
    /// <summary>A commercial PDFsharp licence key; without one, PDFsharp 6.5 runs under its free AGPL licence.</summary>
    public string? PdfSharpLicenseKey { get; set; }
}

/// <summary>The QR code of a verification address, as PNG bytes (for the PDF and the printable page).</summary>
public static class VerificationQr
{
    public static byte[] Png(string url, int pixelsPerModule = 8)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(url, QRCodeGenerator.ECCLevel.M);
        return new PngByteQRCode(data).GetGraphic(pixelsPerModule);
    }

    /// <summary>The dark (true) and light modules, quiet zone included, row by row.</summary>
    public static List<System.Collections.BitArray> Modules(string url)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(url, QRCodeGenerator.ECCLevel.M);
        return data.ModuleMatrix.Select(row => new System.Collections.BitArray(row)).ToList();
    }
}

/// <summary>A one-page landscape A4 certificate: who, what, which version, when, the code, and a QR code and link to the verification page.</summary>
public sealed class CertificatePdf
{
    private static readonly Lock Gate = new();

    /// <summary>Font files per script, regular then bold, best first. Urdu is drawn in Naskh: PDFsharp cannot shape Nastaliq.</summary>
    private static readonly Dictionary<PdfScript, (string[] Regular, string[] Bold)> Candidates = new()
    {
        [PdfScript.Latin] = (["NotoSans-Regular.ttf", "DejaVuSans.ttf"], ["NotoSans-Bold.ttf", "DejaVuSans-Bold.ttf"]),
        [PdfScript.Bengali] = (["NotoSansBengali-Regular.ttf", "NotoSerifBengali-Regular.ttf"], ["NotoSansBengali-Bold.ttf", "NotoSerifBengali-Bold.ttf"]),
        [PdfScript.Arabic] = (["NotoNaskhArabic-Regular.ttf", "NotoSansArabic-Regular.ttf"], ["NotoNaskhArabic-Bold.ttf", "NotoSansArabic-Bold.ttf"]),
    };

    public CertificatePdf(Microsoft.Extensions.Options.IOptions<CertificateOptions> options, ILogger<CertificatePdf> logger)
    {
        lock (Gate)
        {
            // PDFsharp 6.5 refuses to work until a licence is loaded: the commercial key when configured, else the AGPL one.
            if (options.Value.PdfSharpLicenseKey is { Length: > 0 } key) PdfSharp.PdfSharpLicense.LoadLicense(key);
            else PdfSharp.PdfSharpLicense.SetAgplLicense();
            // PdfSharp keeps one resolver per process; set it once, from the fonts found in the configured folders.
            if (GlobalFontSettings.FontResolver is null)
                GlobalFontSettings.FontResolver = new ScriptFontResolver(FindFonts(options.Value.FontFolders, logger));
        }
    }

    public static string Family(PdfScript script) => "Certificate " + script;

    // The Arabic fonts build many letters from composite glyphs nested two deep; PDFsharp's subsets drop the inner parts
    // (the dots went missing), so those fonts are embedded whole (about 180 KB).
    private static readonly XPdfFontOptions WholeFont = new(PdfSharp.Pdf.PdfFontEmbedding.EmbedCompleteFontFile);

    public sealed record Texts(string Heading, string Awarded, string Completed, string VersionAndDate, string Code, string VerifyAt, string Revoked);

    public byte[] Render(Certificate certificate, string verificationUrl, string siteName, Texts texts)
    {
        var document = new PdfDocument();
        document.Info.Title = $"{texts.Heading}: {certificate.CourseTitle}";
        document.Info.Author = siteName;
        document.Info.Subject = verificationUrl;
        var page = document.AddPage();
        page.Size = PdfSharp.PageSize.A4;
        page.Orientation = PdfSharp.PageOrientation.Landscape;
        using (var gfx = XGraphics.FromPdfPage(page))
        {
            var width = page.Width.Point;
            var height = page.Height.Point;
            gfx.DrawRectangle(new XPen(XColor.FromArgb(0x1f, 0x4e, 0x79), 3), 24, 24, width - 48, height - 48);
            // Each line centred, drawn run by run, each run in the font of its script.
            void Line(string text, double size, bool bold, double y)
            {
                var style = bold ? XFontStyleEx.Bold : XFontStyleEx.Regular;
                var runs = PdfTextLayout.Layout(text).Select(r => (r.Visual, Font: r.Script == PdfScript.Arabic
                    ? new XFont(Family(r.Script), size, style, WholeFont) : new XFont(Family(r.Script), size, style))).ToList();
                var x = (width - runs.Sum(r => gfx.MeasureString(r.Visual, r.Font).Width)) / 2;
                foreach (var (visual, font) in runs)
                {
                    gfx.DrawString(visual, font, XBrushes.Black, x, y, XStringFormats.TopLeft);
                    x += gfx.MeasureString(visual, font).Width;
                }
            }
            Line(siteName, 16, false, 60);
            Line(texts.Heading, 30, true, 100);
            Line(texts.Awarded, 14, false, 160);
            Line(certificate.MemberName, 26, true, 185);
            Line(texts.Completed, 14, false, 235);
            Line(certificate.CourseTitle, 22, true, 260);
            Line(texts.VersionAndDate, 13, false, 305);
            if (certificate.Revoked) Line(texts.Revoked, 16, true, 335);

            var qrSize = 120.0;
            // The QR code drawn as vector squares: sharp at any print size, and no image decoding.
            var qrRect = new XRect(width / 2 - qrSize / 2, height - 60 - qrSize - 50, qrSize, qrSize);
            var modules = VerificationQr.Modules(verificationUrl);
            var cell = qrSize / modules.Count;
            for (var row = 0; row < modules.Count; row++)
                for (var column = 0; column < modules[row].Length; column++)
                    if (modules[row][column]) gfx.DrawRectangle(XBrushes.Black, qrRect.X + column * cell, qrRect.Y + row * cell, cell + 0.05, cell + 0.05);
            Line(texts.VerifyAt, 10, false, height - 100);
            Line(verificationUrl, 10, false, height - 86);
            Line(texts.Code, 9, false, height - 70);
            // The printed address is also a link, so a reader of the file can click through to the live status.
            page.AddWebLink(new PdfRectangle(new XPoint(40, 70), new XPoint(width - 40, 100)), verificationUrl); // PDF space: origin bottom left
        }
        using var output = new MemoryStream();
        document.Save(output, false);
        return output.ToArray();
    }

    /// <summary>Face name ("Bengali/bold") to font file. A script without its fonts falls back to Latin (its letters then show
    /// as empty boxes), and says so in the log; without any Latin font there is no PDF at all.</summary>
    private static Dictionary<string, string> FindFonts(IReadOnlyList<string> folders, ILogger logger)
    {
        string? Find(IEnumerable<string> names) =>
            names.SelectMany(name => folders.Select(folder => Path.Combine(folder, name))).FirstOrDefault(File.Exists);
        var files = new Dictionary<string, string>();
        foreach (var (script, (regular, bold)) in Candidates)
        {
            if (Find(regular) is not { } regularFile)
            {
                if (script == PdfScript.Latin) throw new InvalidOperationException("No font for certificate PDFs: install fonts-noto-core, or set Certificates:FontFolders.");
                logger.LogWarning("No {Script} font for certificate PDFs in {Folders}: install fonts-noto-core", script, folders);
                continue;
            }
            files[$"{script}/regular"] = regularFile;
            files[$"{script}/bold"] = Find(bold) ?? regularFile;
        }
        return files;
    }

    private sealed class ScriptFontResolver(Dictionary<string, string> files) : IFontResolver
    {
        public FontResolverInfo? ResolveTypeface(string familyName, bool isBold, bool isItalic)
        {
            var script = familyName.StartsWith("Certificate ", StringComparison.Ordinal) ? familyName["Certificate ".Length..] : nameof(PdfScript.Latin);
            var face = $"{script}/{(isBold ? "bold" : "regular")}";
            return new(files.ContainsKey(face) ? face : $"{nameof(PdfScript.Latin)}/{(isBold ? "bold" : "regular")}");
        }

        public byte[]? GetFont(string faceName) => File.ReadAllBytes(files[faceName]);
    }
}
