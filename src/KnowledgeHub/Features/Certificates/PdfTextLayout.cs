using System.Globalization;
using System.Text;

namespace KnowledgeHub.Features.Certificates;

public enum PdfScript { Latin, Bengali, Arabic }

/// <summary>A piece of a line in one script, its characters already in the order they are drawn left to right.</summary>
public sealed record PdfRun(PdfScript Script, string Visual);

/// <summary>
/// PDFsharp draws characters one after another, left to right, with no shaping. This does the least that makes names and
/// titles in Bangla and Urdu readable: it splits a line into runs per script (each gets a font that has its letters);
/// Arabic-script runs are joined with Unicode presentation forms (the Naskh font maps them) and put right to left; a
/// right-to-left line lists its runs from the right; Bengali vowel signs written before their consonant are moved there.
/// What it cannot do (conjunct ligatures, Nastaliq, mark positioning) is written in the README.
/// </summary>
public static class PdfTextLayout
{
    public static PdfScript? ScriptOf(char c) => c switch
    {
        >= '\u0980' and <= '\u09FF' => PdfScript.Bengali,
        >= '\u0600' and <= '\u06FF' or >= '\u0750' and <= '\u077F' or >= '\uFB50' and <= '\uFDFF' or >= '\uFE70' and <= '\uFEFF' => PdfScript.Arabic,
        _ when char.IsLetter(c) => PdfScript.Latin,
        _ => null, // spaces, digits, punctuation: they go with the run around them
    };

    public static IReadOnlyList<PdfRun> Layout(string text)
    {
        var runs = new List<(PdfScript Script, StringBuilder Text)>();
        var neutralOnly = false; // the last run holds only spaces, digits or punctuation so far: the next letter decides its script
        foreach (var c in text)
        {
            var script = ScriptOf(c);
            if (runs.Count == 0) runs.Add((script ?? PdfScript.Latin, new StringBuilder()));
            else if (script is { } s && s != runs[^1].Script)
            {
                if (neutralOnly) runs[^1] = (s, runs[^1].Text);
                else runs.Add((s, new StringBuilder()));
            }
            neutralOnly = script is null && (neutralOnly || runs[^1].Text.Length == 0);
            runs[^1].Text.Append(c);
        }
        var laidOut = runs.Select(r => new PdfRun(r.Script, r.Script switch
        {
            PdfScript.Arabic => RightToLeft(Join(r.Text.ToString())),
            PdfScript.Bengali => ReorderBengali(r.Text.ToString()),
            _ => r.Text.ToString(),
        })).ToList();
        // The line's direction comes from its first strong letter, as the Unicode bidirectional algorithm's paragraph rule says.
        if (text.Select(ScriptOf).FirstOrDefault(s => s is not null) == PdfScript.Arabic) laidOut.Reverse();
        return laidOut;
    }

    // Presentation forms of each Arabic-script letter: isolated, final, initial, medial (right-joining letters have only the first two).
    private static readonly Dictionary<char, char[]> Forms = BuildForms();
    private static readonly Dictionary<char, (char Isolated, char Final)> LamAlef = new()
    {
        ['\u0622'] = ('\uFEF5', '\uFEF6'), ['\u0623'] = ('\uFEF7', '\uFEF8'), ['\u0625'] = ('\uFEF9', '\uFEFA'), ['\u0627'] = ('\uFEFB', '\uFEFC'),
    };

    /// <summary>Unicode lists each letter's forms in a row, in the order isolated, final, initial, medial; compatibility
    /// decomposition (NFKC) says which letter a form belongs to. The FE block (basic letters) wins over the FB block.</summary>
    private static Dictionary<char, char[]> BuildForms()
    {
        var forms = new Dictionary<char, List<char>>();
        foreach (var (from, to) in new[] { (0xFE80, 0xFEF4), (0xFB50, 0xFBFF) })
        {
            var fromFeBlock = new HashSet<char>(forms.Keys);
            for (var code = from; code <= to; code++)
            {
                var letter = ((char)code).ToString().Normalize(NormalizationForm.FormKC);
                if (letter.Length != 1 || ScriptOf(letter[0]) != PdfScript.Arabic || letter[0] == (char)code || fromFeBlock.Contains(letter[0])) continue;
                if (!forms.TryGetValue(letter[0], out var list)) forms[letter[0]] = list = [];
                list.Add((char)code);
            }
        }
        return forms.ToDictionary(f => f.Key, f => f.Value.ToArray());
    }

    private static bool IsTransparent(char c) => CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark;
    private const char Tatweel = '\u0640';
    private static bool JoinsForward(char c) => c == Tatweel || (Forms.TryGetValue(c, out var f) && f.Length >= 4);
    private static bool JoinsBackward(char c) => c == Tatweel || (Forms.TryGetValue(c, out var f) && f.Length >= 2);

    /// <summary>Replaces each letter with the form its neighbours call for (logical order kept).</summary>
    public static string Join(string text)
    {
        var output = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (IsTransparent(c) || !Forms.TryGetValue(c, out var forms))
            {
                output.Append(c);
                continue;
            }
            var previous = Neighbour(text, i, -1);
            var next = Neighbour(text, i, +1);
            var joinsPrevious = previous is { } p && JoinsForward(text[p]);
            if (c == '\u0644' && next is { } n && LamAlef.TryGetValue(text[n], out var ligature))
            {
                output.Append(joinsPrevious ? ligature.Final : ligature.Isolated);
                output.Append(text, i + 1, n - i - 1); // marks between lam and alef stay
                i = n;
                continue;
            }
            var joinsNext = forms.Length >= 4 && next is { } m && JoinsBackward(text[m]);
            output.Append((joinsPrevious && forms.Length >= 2, joinsNext) switch
            {
                (true, true) => forms[3],
                (true, false) => forms[1],
                (false, true) => forms[2],
                _ => forms[0],
            });
        }
        return output.ToString();
    }

    private static int? Neighbour(string text, int index, int step)
    {
        for (var i = index + step; i >= 0 && i < text.Length; i += step)
            if (!IsTransparent(text[i])) return i;
        return null;
    }

    /// <summary>Right-to-left text in drawing order: clusters (a letter and its marks) reversed, marks kept after their letter,
    /// and runs of digits or Latin letters inside kept left to right.</summary>
    public static string RightToLeft(string text)
    {
        var clusters = new List<string>();
        for (var i = 0; i < text.Length;)
        {
            var start = i++;
            if (char.IsDigit(text[start]) || ScriptOf(text[start]) == PdfScript.Latin)
                while (i < text.Length && (char.IsDigit(text[i]) || ScriptOf(text[i]) == PdfScript.Latin)) i++;
            else
                while (i < text.Length && IsTransparent(text[i])) i++;
            clusters.Add(text[start..i]);
        }
        clusters.Reverse();
        return string.Concat(clusters);
    }

    private const char Hasanta = '\u09CD';
    private static bool IsBengaliConsonant(char c) => c is >= '\u0995' and <= '\u09B9' or >= '\u09DC' and <= '\u09DF' or '\u09CE' or '\u09F0' or '\u09F1';

    /// <summary>Moves the vowel signs drawn before a consonant cluster (ি ে ৈ, and the first half of ো ৌ) in front of it.</summary>
    public static string ReorderBengali(string text)
    {
        var output = new StringBuilder(text.Length + 4);
        foreach (var c in text)
        {
            var (before, after) = c switch
            {
                '\u09BF' or '\u09C7' or '\u09C8' => (c, (char?)null),
                '\u09CB' => ('\u09C7', '\u09BE'),
                '\u09CC' => ('\u09C7', '\u09D7'),
                _ => ('\0', (char?)null),
            };
            if (before == '\0')
            {
                output.Append(c);
                continue;
            }
            var start = output.Length;
            if (start > 0 && output[start - 1] == '\u09BC') start--; // nukta
            if (start > 0 && IsBengaliConsonant(output[start - 1]))
            {
                start--;
                while (start >= 2 && output[start - 1] == Hasanta && IsBengaliConsonant(output[start - 2])) start -= 2;
            }
            output.Insert(start, before);
            if (after is { } a) output.Append(a);
        }
        return output.ToString();
    }
}
