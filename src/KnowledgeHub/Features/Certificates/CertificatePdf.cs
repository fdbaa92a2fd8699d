using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;
using QRCoder;

namespace KnowledgeHub.Features.Certificates;

public sealed class CertificateOptions
{
    /// <summary>Verification look-ups (page, PDF, credential) per minute per client address.</summary>
    public int LookupsPerMinute { get; set; } = 60;
    /// <summary>TrueType fonts for the PDF, regular then bold; the first that exists is used.</summary>
    public List<string> RegularFonts { get; set; } = ["/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"];
    public List<string> BoldFonts { get; set; } = ["/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"];
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
    private const string Family = "Certificate Sans";
    private static readonly Lock Gate = new();

    public CertificatePdf(Microsoft.Extensions.Options.IOptions<CertificateOptions> options)
    {
        lock (Gate)
        {
            // PdfSharp keeps one resolver per process; set it once, from the configured font files.
            // PDFsharp 6.5 refuses to work until a licence is loaded: the commercial key when configured, else the AGPL one.
            if (options.Value.PdfSharpLicenseKey is { Length: > 0 } key) PdfSharp.PdfSharpLicense.LoadLicense(key);
            else PdfSharp.PdfSharpLicense.SetAgplLicense();
            if (GlobalFontSettings.FontResolver is null)
                GlobalFontSettings.FontResolver = new FileFontResolver(First(options.Value.RegularFonts), First(options.Value.BoldFonts));
        }
    }

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
            var center = XStringFormats.TopCenter;
            void Line(string text, double size, bool bold, double y) =>
                gfx.DrawString(text, new XFont(Family, size, bold ? XFontStyleEx.Bold : XFontStyleEx.Regular), XBrushes.Black, new XRect(40, y, width - 80, size * 1.4), center);
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

    private static string First(IEnumerable<string> paths) =>
        paths.FirstOrDefault(File.Exists) ?? throw new InvalidOperationException("No font for certificate PDFs: install fonts-noto-core or fonts-dejavu-core, or set Certificates:RegularFonts.");

    private sealed class FileFontResolver(string regular, string bold) : IFontResolver
    {
        public FontResolverInfo? ResolveTypeface(string familyName, bool isBold, bool isItalic) => new(isBold ? "bold" : "regular");
        public byte[]? GetFont(string faceName) => File.ReadAllBytes(faceName == "bold" ? bold : regular);
    }
}
