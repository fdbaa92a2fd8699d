using System.Globalization;
using System.Net;
using System.Text;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util.Automaton;

namespace KnowledgeHub.Infrastructure.Search;

/// <summary>
/// What a query looks for, per field. Extracted once per search and reused for every hit, so walking the query and
/// compiling wildcard or fuzzy automata is paid once per page rather than once per snippet. Immutable once built.
/// </summary>
public sealed class QueryTerms
{
    // The query parser already bounds nesting; this only keeps a hand-built query from overflowing the stack.
    private const int MaxDepth = 64;

    private readonly Dictionary<string, FieldTerms> byField = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Field, char Kind, string Text), int> ids = [];

    private QueryTerms() { }

    /// <summary>
    /// Walks the parsed query, before any rewrite (a rewritten prefix query is the index's terms, not the prefix).
    /// Prohibited clauses are skipped (they never occur in a hit); unknown query types are ignored.
    /// </summary>
    public static QueryTerms From(Query? query)
    {
        var terms = new QueryTerms();
        if (query is not null) terms.Walk(query, 0);
        return terms;
    }

    public bool IsEmpty => ids.Count == 0;

    /// <summary>How many distinct things the query looks for; a term's id is below this.</summary>
    internal int Count => ids.Count;

    /// <summary>True when a token (already analysed, from <paramref name="field"/>) is a term of the query or fits one of its prefixes, wildcards or fuzzy terms.</summary>
    public bool Matches(string field, string token) =>
        !string.IsNullOrEmpty(token) && TryGetField(field, out var terms) && terms.FirstMatch(token) >= 0;

    internal bool TryGetField(string? field, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out FieldTerms? terms)
    {
        terms = null;
        return field is not null && byField.TryGetValue(field, out terms);
    }

    private void Walk(Query query, int depth)
    {
        if (depth > MaxDepth) return;
        switch (query)
        {
            case TermQuery q: AddExact(q.Term); break;
            // Phrase words are marked wherever they occur; CJK bigram phrases still read as one mark once overlaps merge.
            case PhraseQuery q: foreach (var term in q.GetTerms()) AddExact(term); break;
            case MultiPhraseQuery q: foreach (var position in q.GetTermArrays()) foreach (var term in position) AddExact(term); break;
            case PrefixQuery q: AddPrefix(q.Prefix); break;
            case FuzzyQuery q: AddFuzzy(q); break;
            case AutomatonQuery q: AddAutomaton(q.Field, 'a', q.ToString(), () => q.Automaton); break; // wildcard, regexp
            case BooleanQuery q:
                foreach (var clause in q.Clauses)
                    if (clause.Occur != Occur.MUST_NOT && clause.Query is not null) Walk(clause.Query, depth + 1);
                break;
            case DisjunctionMaxQuery q: foreach (var disjunct in q.Disjuncts) Walk(disjunct, depth + 1); break;
            case ConstantScoreQuery { Query: { } inner }: Walk(inner, depth + 1); break;
            case FilteredQuery { Query: { } inner }: Walk(inner, depth + 1); break;
        }
    }

    private void AddExact(Term? term)
    {
        if (term?.Field is null || string.IsNullOrEmpty(term.Text)) return;
        if (Id(term.Field, 'e', term.Text) is { } id) Field(term.Field).Exact.TryAdd(term.Text, id);
    }

    private void AddPrefix(Term? prefix)
    {
        // An empty prefix would mark every word.
        if (prefix?.Field is null || string.IsNullOrEmpty(prefix.Text)) return;
        if (Id(prefix.Field, 'p', prefix.Text) is { } id) Field(prefix.Field).Prefixes.Add((prefix.Text, id));
    }

    private void AddFuzzy(FuzzyQuery q)
    {
        var text = q.Term?.Text;
        if (q.Field is null || string.IsNullOrEmpty(text)) return;
        var edits = Math.Clamp(q.MaxEdits, 0, LevenshteinAutomata.MAXIMUM_SUPPORTED_DISTANCE);
        if (edits == 0) { AddExact(q.Term); return; }
        var prefixLength = Math.Clamp(q.PrefixLength, 0, text.Length);
        if (prefixLength > 0 && prefixLength < text.Length && char.IsLowSurrogate(text[prefixLength])) prefixLength--;
        AddAutomaton(q.Field, 'f', $"{edits}/{prefixLength}/{q.Transpositions}/{text}", () =>
        {
            var distance = new LevenshteinAutomata(text[prefixLength..], q.Transpositions).ToAutomaton(edits);
            return prefixLength == 0 ? distance : BasicOperations.Concatenate(BasicAutomata.MakeString(text[..prefixLength]), distance);
        });
    }

    private void AddAutomaton(string? field, char kind, string key, Func<Automaton?> build)
    {
        if (field is null || ids.ContainsKey((field, kind, key))) return;
        CharacterRunAutomaton run;
        try
        {
            var automaton = build();
            // "*" accepts every word: marking all of them says nothing about the hit.
            if (automaton is null || BasicOperations.IsTotal(automaton)) return;
            run = new CharacterRunAutomaton(automaton);
        }
        catch (Exception) // an odd automaton costs its marks, never the results page
        {
            return;
        }
        if (Id(field, kind, key) is { } id) Field(field).Automata.Add((run, id));
    }

    private int? Id(string field, char kind, string text)
    {
        if (ids.ContainsKey((field, kind, text))) return null;
        var id = ids.Count;
        ids[(field, kind, text)] = id;
        return id;
    }

    private FieldTerms Field(string field)
    {
        if (!byField.TryGetValue(field, out var terms)) byField[field] = terms = new FieldTerms();
        return terms;
    }

    /// <summary>One field's terms, matched against token spans so analysing a long text allocates no strings.</summary>
    internal sealed class FieldTerms
    {
        public Dictionary<string, int> Exact { get; } = new(StringComparer.Ordinal);
        public List<(string Prefix, int Id)> Prefixes { get; } = [];
        public List<(CharacterRunAutomaton Automaton, int Id)> Automata { get; } = [];

        public int FirstMatch(ReadOnlySpan<char> token)
        {
            var found = -1;
            Collect(token, id => found = found < 0 ? id : found);
            return found;
        }

        /// <summary>Reports every term id the token matches (a word can fit both a term and a prefix).</summary>
        public void Collect(ReadOnlySpan<char> token, Action<int> report)
        {
            if (Exact.Count > 0 && Exact.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(token, out var exact)) report(exact);
            foreach (var (prefix, id) in Prefixes)
                if (token.StartsWith(prefix, StringComparison.Ordinal)) report(id);
            foreach (var (automaton, id) in Automata)
                if (Accepts(automaton, token)) report(id);
        }

        // CharacterRunAutomaton.Run wants a string or char[]; stepping by code point here works on the token buffer directly.
        private static bool Accepts(RunAutomaton automaton, ReadOnlySpan<char> token)
        {
            var state = automaton.InitialState;
            for (var i = 0; i < token.Length && state >= 0;)
            {
                int codePoint = token[i];
                if (char.IsHighSurrogate(token[i]) && i + 1 < token.Length && char.IsLowSurrogate(token[i + 1]))
                {
                    codePoint = char.ConvertToUtf32(token[i], token[i + 1]);
                    i++;
                }
                i++;
                state = automaton.Step(state, codePoint);
            }
            return state >= 0 && automaton.IsAccept(state);
        }
    }
}

/// <summary>
/// Search-result snippets: the passage of a text with the most distinct query terms, HTML-encoded, matches in
/// &lt;mark&gt;. Built here because Lucene.Net.Highlighter is not on our package mirror. Cost is one analysis of at
/// most <c>maxAnalyzedChars</c> per field, a sort and one linear pass, since a results page makes about ten of these.
/// </summary>
public static class Snippets
{
    public const string Ellipsis = "…";
    // How far a cut may move to land between words before it gives up and cuts between characters.
    private const int BoundarySearch = 32;

    private readonly record struct Hit(int Start, int End, int TermId);

    /// <summary>
    /// An HTML snippet of at most about <paramref name="maxChars"/> characters of <paramref name="text"/>, around the
    /// earliest passage with the most distinct matching terms, or the start of the text when nothing matches.
    /// Everything is encoded; the result is safe to write raw into a page. Never throws.
    /// </summary>
    public static string Make(string text, QueryTerms terms, Analyzer analyzer, IReadOnlyList<string> fields, int maxChars = 220, int maxAnalyzedChars = 20_000)
    {
        if (string.IsNullOrEmpty(text) || maxChars <= 0) return "";
        maxChars = Math.Min(maxChars, text.Length); // so start + maxChars cannot overflow
        var first = 0;
        while (first < text.Length && char.IsWhiteSpace(text[first])) first++;
        if (first == text.Length) return "";

        // Callers with nullable-oblivious code can still pass null: that means "nothing to mark", not an exception.
        var hits = terms is { IsEmpty: false } && analyzer is not null && fields is not null
            ? FindHits(text, terms, analyzer, fields, maxAnalyzedChars)
            : [];
        var (passageStart, passageEnd) = hits.Count == 0 ? (first, first) : BestPassage(hits, terms!.Count, maxChars);
        var (start, end) = Frame(text, first, passageStart, passageEnd, maxChars, hits.Count == 0);
        return Render(text, hits, start, end, cutStart: start > first, cutEnd: HasTextAfter(text, end));
    }

    private static List<Hit> FindHits(string text, QueryTerms terms, Analyzer analyzer, IReadOnlyList<string> fields, int maxAnalyzedChars)
    {
        var hits = new List<Hit>();
        var limit = AnalysisLimit(text, maxAnalyzedChars);
        if (limit == 0) return hits;
        var source = limit == text.Length ? text : text[..limit];
        var analysed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var field in fields)
        {
            if (!analysed.Add(field ?? "") || !terms.TryGetField(field, out var fieldTerms)) continue;
            try
            {
                using var stream = analyzer.GetTokenStream(field, source);
                var term = stream.AddAttribute<ICharTermAttribute>();
                var offset = stream.AddAttribute<IOffsetAttribute>();
                int start = 0, end = 0;
                Action<int> report = id => hits.Add(new Hit(start, end, id)); // one delegate per field, not per token
                stream.Reset();
                while (stream.IncrementToken())
                {
                    // Char filters or odd tokenizers can report offsets outside the text; keep marks inside it and whole characters.
                    start = SnapBack(text, Math.Clamp(offset.StartOffset, 0, limit));
                    end = SnapForward(text, Math.Clamp(offset.EndOffset, 0, limit));
                    if (end > start && term.Length > 0) fieldTerms.Collect(term.Buffer.AsSpan(0, term.Length), report);
                }
                stream.End();
            }
            catch (Exception) // a snippet is decoration: a failing analyzer leaves this field unmarked, it never fails the page
            {
            }
        }
        hits.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : a.End.CompareTo(b.End));
        return hits;
    }

    /// <summary>Where analysis stops: at most <paramref name="max"/> characters, ending between words so the last token is not a fragment.</summary>
    private static int AnalysisLimit(string text, int max)
    {
        if (max <= 0) return 0;
        if (text.Length <= max) return text.Length;
        for (var p = max; p > max - BoundarySearch && p > 0; p--)
            if (char.IsWhiteSpace(text[p - 1])) return p;
        return SnapBack(text, max);
    }

    /// <summary>
    /// Sliding window over the hits sorted by start: the widest run of hits that fits in <paramref name="maxChars"/>
    /// for each right end, keeping the first with the most distinct terms. Linear in the number of hits.
    /// </summary>
    private static (int Start, int End) BestPassage(List<Hit> hits, int termCount, int maxChars)
    {
        var counts = new int[termCount];
        int left = 0, distinct = 0, best = 0, bestLeft = 0, bestRight = 0;
        for (var right = 0; right < hits.Count; right++)
        {
            if (counts[hits[right].TermId]++ == 0) distinct++;
            while (left < right && hits[right].End - hits[left].Start > maxChars)
                if (--counts[hits[left++].TermId] == 0) distinct--;
            if (distinct > best) (best, bestLeft, bestRight) = (distinct, left, right);
        }
        var start = hits[bestLeft].Start;
        var end = start;
        for (var i = bestLeft; i <= bestRight; i++) end = Math.Max(end, hits[i].End);
        return (start, Math.Min(end, start + maxChars));
    }

    /// <summary>The characters to show: the passage plus context (more after than before, as people read on), cut between words where one is near.</summary>
    private static (int Start, int End) Frame(string text, int first, int passageStart, int passageEnd, int maxChars, bool atTextStart)
    {
        var slack = maxChars - (passageEnd - passageStart);
        var start = atTextStart ? first : Math.Max(first, passageStart - slack / 3);
        var end = Math.Min(text.Length, start + maxChars);
        if (end == text.Length) start = Math.Max(first, Math.Min(start, end - maxChars));

        if (start > first && !IsBoundary(text, start))
        {
            var p = start;
            while (p < passageStart && p - start < BoundarySearch && !IsBoundary(text, p)) p++;
            start = IsBoundary(text, p) ? p : SnapForward(text, start);
        }
        while (start < passageStart && char.IsWhiteSpace(text[start])) start++;

        if (end < text.Length && !IsBoundary(text, end))
        {
            var p = end;
            while (p > passageEnd && end - p < BoundarySearch && !IsBoundary(text, p)) p--;
            end = IsBoundary(text, p) ? p : SnapBack(text, end);
        }
        while (end > Math.Max(start, passageEnd) && char.IsWhiteSpace(text[end - 1])) end--;
        return (start, Math.Max(start, end));
    }

    private static string Render(string text, List<Hit> hits, int start, int end, bool cutStart, bool cutEnd)
    {
        var html = new StringBuilder(end - start + 64);
        if (cutStart) html.Append(Ellipsis);
        var written = start;
        for (var i = 0; i < hits.Count && hits[i].Start < end; i++)
        {
            // Overlapping or touching hits (CJK bigrams, a word matched in two fields) become one mark.
            int markStart = hits[i].Start, markEnd = hits[i].End;
            while (i + 1 < hits.Count && hits[i + 1].Start <= markEnd) markEnd = Math.Max(markEnd, hits[++i].End);
            markStart = Math.Max(markStart, written);
            markEnd = Math.Min(markEnd, end);
            if (markEnd <= markStart) continue;
            Encode(html, text, written, markStart);
            html.Append("<mark>");
            Encode(html, text, markStart, markEnd);
            html.Append("</mark>");
            written = markEnd;
        }
        Encode(html, text, written, end);
        if (cutEnd) html.Append(Ellipsis);
        return html.ToString();
    }

    private static void Encode(StringBuilder html, string text, int from, int to)
    {
        if (to > from) html.Append(WebUtility.HtmlEncode(text.Substring(from, to - from)));
    }

    private static bool HasTextAfter(string text, int end)
    {
        for (var i = end; i < text.Length; i++)
            if (!char.IsWhiteSpace(text[i])) return true;
        return false;
    }

    /// <summary>
    /// Between words: next to whitespace, or next to a character of a script written without spaces (CJK, Thai...)
    /// or a symbol such as an emoji, where any character boundary will do; never inside a character.
    /// </summary>
    private static bool IsBoundary(string text, int p)
    {
        if (p <= 0 || p >= text.Length) return true;
        if (InsideCharacter(text, p)) return false;
        return char.IsWhiteSpace(text[p - 1]) || char.IsWhiteSpace(text[p]) || IsUnspaced(text, p - 1) || IsUnspaced(text, p);
    }

    /// <summary>Inside a surrogate pair, before a combining mark, variation selector or skin tone, or after a zero-width joiner.</summary>
    private static bool InsideCharacter(string text, int p)
    {
        if (p <= 0 || p >= text.Length) return false;
        char before = text[p - 1], at = text[p];
        if (char.IsLowSurrogate(at) && char.IsHighSurrogate(before)) return true;
        if (before == '\u200D' || at is '\u200D' or '\uFE0E' or '\uFE0F') return true;
        if (at == '\uD83C' && p + 1 < text.Length && text[p + 1] is >= '\uDFFB' and <= '\uDFFF') return true; // U+1F3FB..U+1F3FF
        return CharUnicodeInfo.GetUnicodeCategory(at) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark;
    }

    private static bool IsUnspaced(string text, int index)
    {
        var c = text[index];
        if (!char.IsSurrogate(c))
            return c is >= '\u0E00' and <= '\u0EFF' // Thai, Lao
                       or >= '\u1000' and <= '\u109F' // Myanmar
                       or >= '\u1780' and <= '\u17FF' // Khmer
                       or >= '\u2E80' and <= '\u9FFF' // CJK radicals, punctuation, kana, ideographs
                       or >= '\uF900' and <= '\uFAFF' // CJK compatibility ideographs
                       or >= '\uFF00' and <= '\uFFEF' // full-width forms
                   || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.OtherSymbol;
        var pairStart = char.IsLowSurrogate(c) && index > 0 && char.IsHighSurrogate(text[index - 1]) ? index - 1 : index;
        return Rune.TryGetRuneAt(text, pairStart, out var rune)
            && (Rune.GetUnicodeCategory(rune) == UnicodeCategory.OtherSymbol || rune.Value is >= 0x20000 and <= 0x3FFFF); // emoji, CJK extensions
    }

    private static int SnapBack(string text, int p)
    {
        while (p > 0 && InsideCharacter(text, p)) p--;
        return p;
    }

    private static int SnapForward(string text, int p)
    {
        while (p < text.Length && InsideCharacter(text, p)) p++;
        return p;
    }
}
