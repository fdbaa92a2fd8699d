using System.Collections.Frozen;
using KnowledgeHub.Infrastructure.Search.Analysis;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Cjk;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Hi;
using Lucene.Net.Analysis.Id;
using Lucene.Net.Analysis.In;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.Snowball;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Tartarus.Snowball.Ext;
using Lucene.Net.Util;

namespace KnowledgeHub.Infrastructure.Search;

/// <summary>
/// How text becomes terms, for indexing and for queries alike. A document's title and text go into ONE field,
/// <see cref="TextField"/>, analysed by the document's language (<see cref="ForLanguage"/>): the standard analysis, then
/// each word's stems at the word's own position. English (Porter) stems are added to every word of every document, since
/// English words turn up in posts of every language; a document in Indonesian/Malay, Russian or Hindi/Nepali/Marathi also
/// gets that language's stems, marked with the language (<see cref="StemmerFor"/>), so they never collide with a word
/// written that way elsewhere. A typed word then becomes its English stem (which every indexed form of it carries) plus
/// each language's marked stem, and the alternatives no document holds are dropped at query time
/// (<see cref="QueryAlternatives"/>): most words become one term, and a query one plain TermQuery per word.
/// <see cref="TitleField"/> keeps the title alone in the standard analysis, for suggestions and <c>title:</c>.
/// </summary>
/// <remarks>
/// Standard analysis: StandardTokenizer (UAX #29) -> grapheme bigrams for Thai/Lao/Khmer/Myanmar runs
/// (<see cref="SoutheastAsianBigramFilter"/>) -> CJKWidthFilter -> NFKC -> lower case -> Urdu-safe Arabic-script folding
/// -> CJK bigrams plus unigrams -> terms over 255 characters dropped. Decisions:
/// <list type="bullet">
/// <item>No stop words anywhere: phrase queries (which AutoGeneratePhraseQueries makes of every CJK, Thai or Tibetan
/// word) keep every position, and BM25 already gives frequent words little weight.</item>
/// <item>CJK keeps unigrams beside the bigrams, so a one-character query (好, 책) finds words inside longer runs; a longer
/// query becomes a phrase over the characters, so 老师 matches and 师老 does not.</item>
/// <item>Thai, Lao, Khmer and Myanmar get bigrams only, as specified: a word of one grapheme cluster (น้ำ) is found
/// only where it stands alone, not inside a longer run.</item>
/// <item>Tibetan and Dzongkha need nothing extra: StandardTokenizer already splits at the tsheg (་), one syllable per
/// token, and a multi-syllable query becomes a phrase of its syllables.</item>
/// <item>Bengali, Devanagari and Urdu words are whole tokens; NFKC makes their equivalent encodings equal. Diacritics
/// are never removed from Latin script: Vietnamese tones tell words apart.</item>
/// </list>
/// </remarks>
public static class SearchAnalysis
{
    public const LuceneVersion Version = LuceneVersion.LUCENE_48;
    public const string TitleField = "title";
    public const string TextField = "text";
    public const string UndeterminedLanguage = "und";

    /// <summary>StandardTokenizer skips any token longer than its limit (255 by default), which would silently drop a
    /// long Thai or Khmer run; runs up to this length are kept and split into bigrams.</summary>
    private const int MaxRunLength = 32 * 1024;

    /// <summary>Longer terms are dropped, as StandardTokenizer does by default: they are noise such as encoded data, and
    /// the cap keeps every term far below the 32 KB at which IndexWriter rejects a whole document.</summary>
    private const int MaxTermLength = 255;

    /// <summary>Positions between the values of <see cref="TextField"/> (title, title again, text), so a phrase never spans two.</summary>
    public const int ValueGap = 100;

    /// <summary>The fields a query may name; words without a field search <see cref="TextField"/>.</summary>
    public static IReadOnlyList<string> QueryFields { get; } = [TextField, TitleField];

    /// <summary>
    /// Malay shares Indonesian's affixes (me-, ber-, di-, -kan, -an), so it uses the Indonesian stemmer. Nepali and
    /// Marathi use the Hindi normaliser and stemmer: they share Devanagari spelling variants and some endings.
    /// Mongolian ("mn") deliberately has no stemmer: the Russian one would cut Mongolian Cyrillic words apart.
    /// </summary>
    private static readonly FrozenDictionary<string, string> StemmerByLanguage = new Dictionary<string, string>
    {
        ["id"] = "id",
        ["ms"] = "id",
        ["ru"] = "ru",
        ["hi"] = "hi",
        ["ne"] = "hi",
        ["mr"] = "hi",
    }.ToFrozenDictionary();

    /// <summary>
    /// Porter, as Lucene's EnglishAnalyzer: "vaccinated/vaccines/vaccination" and "develop/development" meet. Possessives
    /// go before stemming ("child's" -> "child"). Unmarked: every document carries it.
    /// </summary>
    private static readonly Stemmer English = new(static s => new PorterStemFilter(new EnglishPossessiveFilter(Version, s)), null);

    /// <summary>The marked stemmers, by the key <see cref="StemmerFor"/> returns. The mark starts with a control character no analysed word contains.</summary>
    private static readonly FrozenDictionary<string, Stemmer> Marked = new Dictionary<string, Stemmer>
    {
        ["id"] = new(static s => new IndonesianStemFilter(s), "\u0001id:"),
        ["ru"] = new(static s => new SnowballFilter(new RussianYoFoldingFilter(s), new RussianStemmer()), "\u0001ru:"),
        // As Lucene's HindiAnalyzer without its stop words.
        ["hi"] = new(static s => new HindiStemFilter(new HindiNormalizationFilter(new IndicNormalizationFilter(s))), "\u0001hi:"),
    }.ToFrozenDictionary();

    /// <summary>Each language's document analysis (any field name), by stemmer key ("" for English stems only).</summary>
    private static readonly FrozenDictionary<string, Analyzer> ByStemmer =
        new[] { "" }.Concat(Marked.Keys).ToFrozenDictionary(k => k, k => (Analyzer)new ChainAnalyzer(k == "" ? [English] : [English, Marked[k]], query: false, gap: 0));

    /// <summary>The standard analysis alone, no stems (the title's).</summary>
    public static Analyzer StandardAnalyzer { get; } = new ChainAnalyzer([], query: false, gap: 0);

    /// <summary>
    /// The analyzer of queries (and of the index writer, which takes only the gap between <see cref="TextField"/>'s values
    /// from it: that field's values bring their own analysis): <see cref="TextField"/> as a query, every other field the
    /// standard analysis. Thread-safe and shared (Lucene keeps one token stream chain per thread and field).
    /// </summary>
    public static Analyzer Analyzer { get; } = new PerFieldAnalyzerWrapper(StandardAnalyzer, new Dictionary<string, Analyzer>
    {
        [TextField] = new ChainAnalyzer([English, .. Marked.Values], query: true, gap: ValueGap),
    });

    /// <summary>How a document in <paramref name="languageTag"/> is analysed (every field name gets the same analysis): for indexing its text and for marking its snippets.</summary>
    public static Analyzer ForLanguage(string? languageTag) => ByStemmer[StemmerFor(languageTag) ?? ""];

    /// <summary>The stemmer a document in <paramref name="languageTag"/> gets besides English ("en-GB" -> null, "ms" -> "id", "ne" -> "hi"), or null.</summary>
    public static string? StemmerFor(string? languageTag) => StemmerByLanguage.GetValueOrDefault(LanguageKey(languageTag));

    /// <summary>Three-letter and deprecated codes mapped to the code we store (CLDR's language aliases).</summary>
    private static readonly FrozenDictionary<string, string> LanguageAliases = new Dictionary<string, string>
    {
        ["eng"] = "en", ["ind"] = "id", ["in"] = "id", ["msa"] = "ms", ["may"] = "ms", ["zsm"] = "ms",
        ["rus"] = "ru", ["mon"] = "mn", ["khk"] = "mn", ["hin"] = "hi", ["nep"] = "ne", ["npi"] = "ne", ["mar"] = "mr",
        ["zho"] = "zh", ["chi"] = "zh", ["cmn"] = "zh", ["jpn"] = "ja", ["kor"] = "ko", ["tha"] = "th", ["khm"] = "km",
        ["lao"] = "lo", ["mya"] = "my", ["bur"] = "my", ["bod"] = "bo", ["tib"] = "bo", ["dzo"] = "dz", ["ben"] = "bn",
        ["urd"] = "ur", ["vie"] = "vi", ["sin"] = "si", ["tam"] = "ta", ["jav"] = "jv", ["jw"] = "jv", ["sun"] = "su",
        ["smo"] = "sm", ["ton"] = "to", ["fij"] = "fj", ["mri"] = "mi", ["mao"] = "mi", ["bis"] = "bi",
        // Filipino is the standardised Tagalog our content is written in; CLDR treats "tl" as an alias of "fil".
        ["tl"] = "fil", ["tgl"] = "fil",
    }.ToFrozenDictionary();

    /// <summary>
    /// The language key we store and filter on: the tag's primary language subtag, lower-case, with three-letter,
    /// deprecated and macrolanguage-member codes mapped to the usual one ("en-GB" -> "en", "zh-Hans" -> "zh",
    /// "ind" -> "id", "in" -> "id", "tl" and "fil" -> "fil"). Null, empty or anything that is not a language code
    /// (private use "x-…", "i-…", digits, five or more letters) -> "und".
    /// </summary>
    public static string LanguageKey(string? languageTag)
    {
        if (string.IsNullOrWhiteSpace(languageTag)) return UndeterminedLanguage;
        var tag = languageTag.AsSpan().Trim();
        var separator = tag.IndexOfAny('-', '_');
        var primary = (separator < 0 ? tag : tag[..separator]).ToString().ToLowerInvariant();
        if (primary.Length is < 2 or > 3 || primary.AsSpan().ContainsAnyExceptInRange('a', 'z')) return UndeterminedLanguage;
        return LanguageAliases.GetValueOrDefault(primary, primary);
    }

    /// <summary>
    /// The standard analysis, then the stemmers' forms alongside each word (<see cref="StemAlongsideFilter"/>); a new chain per
    /// thread. One field holds both exact and inflected forms, so exact forms, prefixes and phrases match in the one field,
    /// and indexing analyses and inverts the text once.
    /// </summary>
    private sealed class ChainAnalyzer(IReadOnlyList<Stemmer> stemmers, bool query, int gap) : Analyzer
    {
        protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
        {
            var tokenizer = new StandardTokenizer(Version, reader) { MaxTokenLength = MaxRunLength };
            var standard = Standard(tokenizer);
            return new TokenStreamComponents(tokenizer, stemmers.Count == 0 ? standard : new StemAlongsideFilter(standard, stemmers, query));
        }

        public override int GetPositionIncrementGap(string fieldName) => gap;
    }

    private static TokenStream Standard(Tokenizer tokenizer)
    {
        TokenStream stream = new SoutheastAsianBigramFilter(tokenizer); // first: it needs the original text for exact offsets
        stream = new CJKWidthFilter(stream);
        stream = new CompatibilityNormalizationFilter(stream);
        stream = new LowerCaseFilter(Version, stream);
        stream = new UrduSafeArabicFoldingFilter(stream);
        stream = new CJKBigramFilter(stream, CJKScript.ALL, true); // true: unigrams too, for one-character queries
        return new LengthFilter(Version, stream, 1, MaxTermLength);
    }
}
