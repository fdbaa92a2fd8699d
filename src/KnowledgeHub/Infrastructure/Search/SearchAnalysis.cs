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
/// How text becomes terms, for indexing and for queries alike. Every document gets the language-independent standard
/// analysis in <see cref="TitleField"/>; its text goes either to <see cref="TextField"/> (standard analysis) or, in a
/// language with a stemmer, to that language's field in <see cref="StemmedFields"/>, which holds each word's standard
/// form and its stem. A query runs over all <see cref="QueryFields"/>, so exact forms match everywhere and inflected
/// forms match through the stemmed field of the document's language.
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
    public const string EnglishField = "text_en";
    public const string IndonesianField = "text_id";
    public const string RussianField = "text_ru";
    public const string HindiField = "text_hi";
    public const string UndeterminedLanguage = "und";

    /// <summary>StandardTokenizer skips any token longer than its limit (255 by default), which would silently drop a
    /// long Thai or Khmer run; runs up to this length are kept and split into bigrams.</summary>
    private const int MaxRunLength = 32 * 1024;

    /// <summary>Longer terms are dropped, as StandardTokenizer does by default: they are noise such as encoded data, and
    /// the cap keeps every term far below the 32 KB at which IndexWriter rejects a whole document.</summary>
    private const int MaxTermLength = 255;

    /// <summary>Stemmed per-language fields: "text_en", "text_id", "text_ru", "text_hi" (hi also used for ne and mr).</summary>
    public static IReadOnlyList<string> StemmedFields { get; } = [EnglishField, IndonesianField, RussianField, HindiField];

    /// <summary>All fields a user query runs over: title, text and every stemmed field.</summary>
    public static IReadOnlyList<string> QueryFields { get; } = [TitleField, TextField, EnglishField, IndonesianField, RussianField, HindiField];

    /// <summary>
    /// Malay shares Indonesian's affixes (me-, ber-, di-, -kan, -an), so it uses the Indonesian stemmer. Nepali and
    /// Marathi use the Hindi normaliser and stemmer: they share Devanagari spelling variants and some endings.
    /// Mongolian ("mn") deliberately has no stemmed field: the Russian stemmer would cut Mongolian Cyrillic words apart.
    /// </summary>
    private static readonly FrozenDictionary<string, string> StemmedFieldByLanguage = new Dictionary<string, string>
    {
        ["en"] = EnglishField,
        ["id"] = IndonesianField,
        ["ms"] = IndonesianField,
        ["ru"] = RussianField,
        ["hi"] = HindiField,
        ["ne"] = HindiField,
        ["mr"] = HindiField,
    }.ToFrozenDictionary();

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
    /// One analyzer for indexing and querying: standard analysis for title, text and any other field, the language
    /// analysis for each stemmed field. Thread-safe and shared (Lucene keeps one token stream chain per thread and field).
    /// </summary>
    public static Analyzer Analyzer { get; } = new PerFieldAnalyzerWrapper(Chain(null), new Dictionary<string, Analyzer>
    {
        // Porter, as Lucene's EnglishAnalyzer: "vaccinated/vaccines/vaccination" and "develop/development" meet; the
        // unstemmed text field still ranks exact forms higher. Possessives go before stemming ("child's" -> "child").
        [EnglishField] = Chain(static s => new PorterStemFilter(new EnglishPossessiveFilter(Version, s))),
        [IndonesianField] = Chain(static s => new IndonesianStemFilter(s)),
        [RussianField] = Chain(static s => new SnowballFilter(new RussianYoFoldingFilter(s), new RussianStemmer())),
        // As Lucene's HindiAnalyzer without its stop words.
        [HindiField] = Chain(static s => new HindiStemFilter(new HindiNormalizationFilter(new IndicNormalizationFilter(s)))),
    });

    /// <summary>The stemmed field for a document's language tag ("en-GB" -> "text_en", "ne" -> "text_hi"), or null when only standard analysis applies.</summary>
    public static string? StemmedFieldFor(string? languageTag) => StemmedFieldByLanguage.GetValueOrDefault(LanguageKey(languageTag));

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
    /// The standard analysis, then <paramref name="language"/>'s filters; a new chain per thread and field. A stemmed field
    /// keeps each word's standard form too, with the stem at the same position (<see cref="StemAlongsideFilter"/>), so a document
    /// in a stemmed language needs no separate standard field: exact forms, prefixes and phrases match in the one field,
    /// and indexing analyses and inverts the text once instead of twice (half the indexing time).
    /// </summary>
    private static Analyzer Chain(Func<TokenStream, TokenStream>? language) => Analyzer.NewAnonymous((_, reader) =>
    {
        var tokenizer = new StandardTokenizer(Version, reader) { MaxTokenLength = MaxRunLength };
        var standard = Standard(tokenizer);
        return new TokenStreamComponents(tokenizer,
            language is null ? standard : new StemAlongsideFilter(standard, language));
    });

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
