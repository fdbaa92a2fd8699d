using System.Globalization;
using System.Text;
using KnowledgeHub.Infrastructure.Search;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.QueryParsers.Classic;
using Lucene.Net.Search;
using Lucene.Net.Store;

namespace KnowledgeHub.Tests.Search;

public sealed class SearchAnalysisTests
{
    [Fact]
    public void English_finds_a_word_in_the_sentence_and_its_other_forms_through_its_stems()
    {
        using var index = OneDocument("en-GB", "Parents attended the monthly meetings at the preschool.", title: "Preschool news");
        Assert.True(index.Finds("meetings"));
        Assert.True(index.Finds("meeting"));
        Assert.True(index.Finds("Attend"));
        Assert.True(index.Finds("monthly meeting"));
        Assert.True(index.Finds("\"monthly meetings\""));
        Assert.False(index.Finds("hospital"));
        Assert.False(index.Finds("meetings hospital"));
        // Only the stems make "meeting" match "meetings": the standard analysis alone keeps them apart.
        Assert.False(index.FindsStandard("meeting"));
        Assert.True(index.FindsStandard("meetings"));
    }

    [Fact]
    public void English_stems_reach_latin_words_in_a_document_of_any_language()
    {
        // English words turn up in posts of every language; a Filipino post about meetings is found by "meeting".
        using var index = OneDocument("fil", "Ang mga magulang ay dumalo sa monthly meetings ng preschool.");
        Assert.True(index.Finds("meeting"));
        Assert.True(index.Finds("magulang"));
        Assert.False(index.Finds("hospital"));
    }

    [Fact]
    public void Indonesian_finds_a_word_and_stems_affixes()
    {
        using var index = OneDocument("id", "Kader posyandu memberikan penyuluhan gizi dan kesehatan anak kepada para ibu setiap bulan.");
        Assert.True(index.Finds("gizi"));
        Assert.True(index.Finds("penyuluhan"));
        Assert.True(index.Finds("diberikan")); // memberikan and diberikan both stem to beri
        Assert.True(index.Finds("sehat")); // kesehatan -> sehat
        Assert.False(index.Finds("vaksin"));
        // Indonesian stems belong to Indonesian (and Malay) documents only.
        using var other = OneDocument("fil", "Kader posyandu memberikan penyuluhan gizi dan kesehatan anak kepada para ibu setiap bulan.");
        Assert.True(other.Finds("memberikan"));
        Assert.False(other.Finds("diberikan"));
        Assert.False(other.Finds("sehat"));
    }

    [Fact]
    public void Russian_finds_a_word_and_its_other_case_forms()
    {
        using var index = OneDocument("ru", "В детском саду воспитатели каждый день читают детям сказки.");
        Assert.True(index.Finds("сказки"));
        Assert.True(index.Finds("Воспитатели"));
        Assert.True(index.Finds("сказка"));
        Assert.True(index.Finds("детский сад"));
        Assert.False(index.Finds("больница"));
        Assert.False(index.FindsStandard("сказка"));
    }

    [Fact]
    public void Russian_text_with_yo_is_found_by_the_everyday_spelling_with_ye()
    {
        using var index = OneDocument("ru", "Ребёнок учится через игру.");
        Assert.True(index.Finds("ребенок"));
        Assert.True(index.Finds("игра"));
        Assert.False(index.Finds("школа"));
    }

    [Fact]
    public void Mongolian_Cyrillic_gets_standard_analysis_only_and_finds_a_word()
    {
        Assert.Null(SearchAnalysis.StemmerFor("mn"));
        using var index = OneDocument("mn", "Цэцэрлэгийн багш нар хүүхдүүдэд өдөр бүр үлгэр уншиж өгдөг.");
        Assert.True(index.Finds("үлгэр"));
        Assert.True(index.Finds("ҮЛГЭР")); // Mongolian letters Ү and Ө lower-case too
        Assert.True(index.Finds("Өдөр бүр"));
        Assert.False(index.Finds("эмнэлэг"));
    }

    [Fact]
    public void Hindi_finds_a_word_and_its_inflected_forms()
    {
        using var index = OneDocument("hi", "आंगनवाड़ी कार्यकर्ता माताओं को बच्चों के पोषण के बारे में सलाह देती हैं।");
        Assert.True(index.Finds("पोषण"));
        Assert.True(index.Finds("सलाह"));
        Assert.True(index.Finds("बच्चे")); // बच्चों, बच्चे, बच्चा share a stem
        Assert.True(index.Finds("माता"));
        Assert.False(index.Finds("विद्यालय"));
        Assert.False(index.FindsStandard("बच्चे"));
    }

    [Fact]
    public void Nepali_uses_the_Hindi_stemmer_and_finds_a_word_and_another_genitive_form()
    {
        Assert.Equal("hi", SearchAnalysis.StemmerFor("ne-NP"));
        using var index = OneDocument("ne", "स्वास्थ्यकर्मीहरू आमाहरूलाई बालबालिकाको पोषणबारे सल्लाह दिन्छन्।");
        Assert.True(index.Finds("सल्लाह"));
        Assert.True(index.Finds("बालबालिकाका")); // genitive -का finds -को
        Assert.False(index.Finds("विद्यालय"));
    }

    [Fact]
    public void Chinese_finds_a_two_character_word_but_not_the_same_characters_in_the_wrong_order()
    {
        using var index = OneDocument("zh-Hans", "幼儿园的老师每天给孩子们讲故事。");
        Assert.True(index.Finds("老师"));
        Assert.True(index.Finds("幼儿园"));
        Assert.True(index.Finds("故事"));
        Assert.True(index.Finds("讲")); // one character: the unigrams
        Assert.False(index.Finds("师老"));
        Assert.False(index.Finds("医院"));
        Assert.Equal("老师", Highlight("幼儿园的老师每天给孩子们讲故事。", "老师"));
    }

    [Fact]
    public void Japanese_finds_kanji_and_katakana_words_and_folds_half_width_katakana()
    {
        using var index = OneDocument("ja", "保育園のボランティアが子どもたちに絵本を読みます。");
        Assert.True(index.Finds("絵本"));
        Assert.True(index.Finds("保育園"));
        Assert.True(index.Finds("子ども"));
        Assert.True(index.Finds("ボランティア"));
        Assert.True(index.Finds("ﾎﾞﾗﾝﾃｨｱ"));
        Assert.False(index.Finds("病院"));
    }

    [Fact]
    public void Korean_finds_a_word_inside_a_word_with_particles()
    {
        using var index = OneDocument("ko", "어린이집 선생님들은 매일 아이들에게 책을 읽어 줍니다.");
        Assert.True(index.Finds("선생님"));
        Assert.True(index.Finds("아이들"));
        Assert.True(index.Finds("책"));
        Assert.False(index.Finds("병원"));
    }

    [Theory]
    [InlineData("th", "ครูปฐมวัยอ่านนิทานให้เด็กฟังทุกวัน", "นิทาน", "โรงพยาบาล")]
    [InlineData("th", "ครูปฐมวัยอ่านนิทานให้เด็กฟังทุกวัน", "เด็ก", "ผู้ใหญ่")]
    [InlineData("km", "គ្រូមត្តេយ្យអានរឿងនិទានឱ្យកុមារស្តាប់រាល់ថ្ងៃ។", "កុមារ", "មន្ទីរពេទ្យ")]
    [InlineData("km", "គ្រូមត្តេយ្យអានរឿងនិទានឱ្យកុមារស្តាប់រាល់ថ្ងៃ។", "រឿងនិទាន", "សាលារៀន")]
    [InlineData("lo", "ຄູອະນຸບານອ່ານນິທານໃຫ້ເດັກນ້ອຍຟັງທຸກມື້.", "ເດັກນ້ອຍ", "ໂຮງໝໍ")]
    [InlineData("lo", "ຄູອະນຸບານອ່ານນິທານໃຫ້ເດັກນ້ອຍຟັງທຸກມື້.", "ອະນຸບານ", "ໂຮງຮຽນ")]
    [InlineData("my", "မူကြိုဆရာမသည် ကလေးများကို နေ့တိုင်း ပုံပြင်ဖတ်ပြသည်။", "ပုံပြင်", "ဆေးရုံ")]
    [InlineData("my", "မူကြိုဆရာမသည် ကလေးများကို နေ့တိုင်း ပုံပြင်ဖတ်ပြသည်။", "ကလေး", "ကျောင်း")]
    public void Scripts_without_spaces_find_a_word_inside_a_run(string language, string sentence, string word, string absent)
    {
        using var index = OneDocument(language, sentence);
        Assert.True(index.Finds(word));
        Assert.False(index.Finds(absent));
        Assert.Equal(word, Highlight(sentence, word));
    }

    [Theory]
    [InlineData("เด็กๆ ชอบเล่นน้ำที่สนามเด็กเล่น", "เล่นน้ำ")] // Thai: tone marks and vowel signs above and below
    [InlineData("กุมารแพทย์ตรวจสุขภาพเด็กเล็ก", "สุขภาพ")]
    [InlineData("កុមារស្តាប់រឿងនិទាន", "ស្តាប់")] // Khmer: coeng subscript, vowel signs
    [InlineData("មាតាបិតាចូលរួមប្រជុំប្រចាំខែ", "ប្រជុំ")]
    [InlineData("မူကြိုဆရာမသည်", "ဆရာမ")] // Myanmar ာ is a cluster of its own in UAX #29
    public void Bigram_offsets_mark_exactly_the_word_and_never_split_a_combining_mark(string sentence, string word)
    {
        Assert.Equal(word, Highlight(sentence, word));
        var clusterStarts = StringInfo.ParseCombiningCharacters(sentence).ToHashSet();
        foreach (var token in Tokens("th", sentence))
        {
            Assert.Contains(token.Start, clusterStarts);
            Assert.True(token.End == sentence.Length || clusterStarts.Contains(token.End));
            Assert.False(CharUnicodeInfo.GetUnicodeCategory(sentence, token.Start) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark);
            Assert.Equal(sentence[token.Start..token.End].Normalize(NormalizationForm.FormKC), token.Term);
            Assert.Equal(1, token.Increment);
        }
    }

    [Fact]
    public void A_one_cluster_Thai_word_is_found_where_it_stands_alone_but_not_inside_a_run()
    {
        // The documented limit of bigrams without unigrams: น้ำ (water) is a single grapheme cluster.
        using var index = OneDocument("th", "เด็กควรดื่มน้ำสะอาด น้ำ");
        Assert.True(index.Finds("น้ำ"));
        using var inside = OneDocument("th", "เด็กควรดื่มน้ำสะอาด");
        Assert.False(inside.Finds("น้ำ"));
        Assert.True(inside.Finds("น้ำสะอาด"));
    }

    [Fact]
    public void A_long_Thai_run_is_still_indexed()
    {
        var sentence = string.Concat(Enumerable.Repeat("ครูปฐมวัยอ่านนิทานให้เด็กฟังทุกวัน", 20)) + "สุขภาพ";
        Assert.True(sentence.Length > 600);
        using var index = OneDocument("th", sentence);
        Assert.True(index.Finds("สุขภาพ"));
    }

    [Theory]
    [InlineData("bo", "བྱིས་པ་ཚོས་ཉིན་རེ་བཞིན་རྩེད་མོ་རྩེ་གི་ཡོད།", "རྩེད་མོ", "མོ་རྩེད")]
    [InlineData("dz", "ཨ་ལོ་ཚུ་སློབ་གྲྭ་ནང་རྩེ་དོ།", "སློབ་གྲྭ", "གྲྭ་སློབ")]
    public void Tibetan_and_Dzongkha_find_a_word_of_several_syllables_but_not_its_syllables_swapped(string language, string sentence, string word, string swapped)
    {
        using var index = OneDocument(language, sentence);
        Assert.True(index.Finds(word));
        Assert.False(index.Finds(swapped));
        Assert.False(index.Finds("སྨན་ཁང"));
        Assert.Equal(word, Highlight(sentence, word));
    }

    [Fact]
    public void Bangla_keeps_words_with_conjuncts_whole_and_finds_one()
    {
        const string sentence = "স্বাস্থ্যকর্মীরা মায়েদের শিশুর পুষ্টি সম্পর্কে পরামর্শ দেন।";
        Assert.Equal(["স্বাস্থ্যকর্মীরা", "মায়েদের", "শিশুর", "পুষ্টি", "সম্পর্কে", "পরামর্শ", "দেন"],
            Tokens("bn", sentence).Select(t => sentence[t.Start..t.End]));
        using var index = OneDocument("bn", sentence);
        Assert.True(index.Finds("পুষ্টি"));
        Assert.True(index.Finds("পরামর্শ"));
        Assert.False(index.Finds("বিদ্যালয়"));
    }

    [Fact]
    public void Urdu_finds_whole_words_across_keyboard_variants_and_vowel_marks()
    {
        using var index = OneDocument("ur", "صحت کارکن ماؤں کو بچوں کی غذائیت کے بارے میں مشورہ دیتے ہیں۔");
        Assert.True(index.Finds("غذائیت"));
        Assert.True(index.Finds("بچوں"));
        Assert.True(index.Finds("بچّوں")); // with shadda
        Assert.True(index.Finds("كاركن")); // typed with the Arabic kaf
        Assert.True(index.Finds("كي")); // Arabic kaf and yeh
        Assert.False(index.Finds("اسکول"));
        // Urdu letters survive; آ is not folded into ا as Lucene's ArabicNormalizer would.
        Assert.Equal(["آپ", "کہا", "کھا", "ہیں", "بچے", "ٹوپی"], Tokens("ur", "آپ کہا کھا ہیں بچے ٹوپی").Select(t => t.Term));
    }

    [Fact]
    public void Vietnamese_finds_syllables_in_either_normalisation_but_keeps_tones_distinct()
    {
        using var index = OneDocument("vi", "Giáo viên mầm non kể chuyện cho trẻ em mỗi ngày.");
        Assert.True(index.Finds("mầm non"));
        Assert.True(index.Finds("\"kể chuyện\""));
        Assert.True(index.Finds("Trẻ em"));
        Assert.True(index.Finds("mầm".Normalize(NormalizationForm.FormD)));
        Assert.False(index.Finds("mam"));
        Assert.False(index.Finds("bệnh viện"));
    }

    [Theory]
    [InlineData("en-GB", "en")]
    [InlineData("EN_us", "en")]
    [InlineData("zh-Hans", "zh")]
    [InlineData("zh-Hant-TW", "zh")]
    [InlineData(" ne ", "ne")]
    [InlineData("ind", "id")]
    [InlineData("in", "id")]
    [InlineData("tl", "fil")]
    [InlineData("fil-PH", "fil")]
    [InlineData("my", "my")]
    [InlineData("dz", "dz")]
    [InlineData(null, "und")]
    [InlineData("", "und")]
    [InlineData("x-private", "und")]
    [InlineData("e", "und")]
    [InlineData("english", "und")]
    [InlineData("12", "und")]
    [InlineData("日本", "und")]
    public void Language_keys_are_the_lower_case_primary_language(string? tag, string key) => Assert.Equal(key, SearchAnalysis.LanguageKey(tag));

    [Theory]
    [InlineData("en", null)] // English stems go to every document
    [InlineData("en-GB", null)]
    [InlineData("id", "id")]
    [InlineData("ms", "id")]
    [InlineData("ru", "ru")]
    [InlineData("hi", "hi")]
    [InlineData("ne", "hi")]
    [InlineData("mr", "hi")]
    [InlineData("mn", null)]
    [InlineData("th", null)]
    [InlineData("zh-Hans", null)]
    [InlineData(null, null)]
    public void Each_language_has_its_own_stemmer_or_none(string? tag, string? stemmer) => Assert.Equal(stemmer, SearchAnalysis.StemmerFor(tag));

    [Fact]
    public void The_text_holds_each_word_as_written_and_its_stems_at_the_same_position_and_offsets()
    {
        var text = "Parents' meetings at school";
        var tokens = Tokens("en", text);
        Assert.Equal(["parents", "parent", "meetings", "meet", "at", "school"], tokens.Select(t => t.Term));
        Assert.Equal([1, 0, 1, 0, 1, 1], tokens.Select(t => t.Increment));
        Assert.Equal(["Parents", "Parents", "meetings", "meetings", "at", "school"], tokens.Select(t => text[t.Start..t.End]));
        // The forms as written are exactly what the standard analysis makes.
        Assert.Equal(StandardTokens(text).Select(t => t.Term), tokens.Where(t => t.Increment > 0).Select(t => t.Term));

        // A language's own stems are marked with it, so they never match a word written that way in another language.
        var indonesian = Tokens("id", "memberikan gizi");
        Assert.Equal(["memberikan", "\u0001id:beri", "gizi"], indonesian.Select(t => t.Term));
        Assert.Equal([1, 0, 1], indonesian.Select(t => t.Increment));
    }

    [Fact]
    public void A_document_has_its_title_and_text_in_one_field_where_exact_forms_phrases_and_prefixes_match()
    {
        using var index = OneDocument("en", "Parenting sessions in the village", title: "News today");
        Assert.True(index.FindsIn(SearchAnalysis.TextField, "sessions"));
        Assert.True(index.FindsIn(SearchAnalysis.TextField, "parenting"));
        Assert.True(index.FindsIn(SearchAnalysis.TextField, "\"parenting sessions\""));
        Assert.True(index.FindsIn(SearchAnalysis.TextField, "parentin*"));
        Assert.True(index.FindsIn(SearchAnalysis.TextField, "news"));
        Assert.True(index.FindsIn(SearchAnalysis.TitleField, "news"));
        Assert.False(index.FindsIn(SearchAnalysis.TitleField, "sessions"));
        // A phrase never runs from the title into the text, nor from one copy of the title into the next.
        Assert.False(index.FindsIn(SearchAnalysis.TextField, "\"today parenting\""));
        Assert.False(index.FindsIn(SearchAnalysis.TextField, "\"today news\""));
    }

    [Fact]
    public void A_typed_word_becomes_one_term_once_the_forms_no_document_holds_are_dropped()
    {
        Assert.Equal([SearchAnalysis.TextField, SearchAnalysis.TitleField], SearchAnalysis.QueryFields);
        using var index = OneDocument("en", "Parents attended the monthly meetings.");
        // "meetings" is typed: its English stem, and the Indonesian stem no English document holds.
        var parsed = SearchService.Parse("meetings").Query!;
        Assert.IsType<BooleanQuery>(parsed);
        Assert.Equal(new TermQuery(new Term(SearchAnalysis.TextField, "meet")), index.Prune(parsed));
        Assert.IsType<PhraseQuery>(index.Prune(SearchService.Parse("\"monthly meetings\"").Query!));
        Assert.True(index.Finds("\"monthly meetings\""));
    }

    private static TestIndex OneDocument(string language, string body, string title = "")
    {
        var index = new TestIndex();
        index.Add(language, title, body);
        return index;
    }

    private sealed record Token(string Term, int Start, int End, int Increment);

    /// <summary>How a document in <paramref name="language"/> has <paramref name="text"/> indexed.</summary>
    private static List<Token> Tokens(string language, string text) => Tokens(SearchAnalysis.ForLanguage(language), SearchAnalysis.TextField, text);

    /// <summary>The standard analysis alone (as the title has).</summary>
    private static List<Token> StandardTokens(string text) => Tokens(SearchAnalysis.StandardAnalyzer, SearchAnalysis.TextField, text);

    private static List<Token> Tokens(Lucene.Net.Analysis.Analyzer analyzer, string field, string text)
    {
        var tokens = new List<Token>();
        using var stream = analyzer.GetTokenStream(field, text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        var offset = stream.AddAttribute<IOffsetAttribute>();
        var position = stream.AddAttribute<IPositionIncrementAttribute>();
        stream.Reset();
        while (stream.IncrementToken()) tokens.Add(new Token(term.ToString(), offset.StartOffset, offset.EndOffset, position.PositionIncrement));
        stream.End();
        return tokens;
    }

    /// <summary>What a highlighter marks: the span from the first to the last document token matching the word's tokens in a row.</summary>
    private static string? Highlight(string text, string word)
    {
        // Tokens at the same position (CJK unigrams beside bigrams) would break "in a row": compare one per position.
        var query = StandardTokens(word).Where(t => t.Increment > 0).Select(t => t.Term).ToList();
        var document = StandardTokens(text).Where(t => t.Increment > 0).ToList();
        for (var i = 0; i + query.Count <= document.Count; i++)
        {
            if (document.Skip(i).Take(query.Count).Select(t => t.Term).SequenceEqual(query))
                return text[document[i].Start..document[i + query.Count - 1].End];
        }
        return null;
    }

    private sealed class TestIndex : IDisposable
    {
        private readonly RAMDirectory directory = new();
        private readonly IndexWriter writer;

        public TestIndex() => writer = new IndexWriter(directory, new IndexWriterConfig(SearchAnalysis.Version, SearchAnalysis.Analyzer));

        /// <summary>Indexes the document exactly as the app does (<see cref="SearchFields.ToLucene"/>).</summary>
        public void Add(string language, string title, string body)
        {
            writer.AddDocument(SearchFields.ToLucene(new SearchDocument
            {
                Key = "test:" + Guid.NewGuid().ToString("N"), Group = "test", Type = "test", Title = title, Body = body, Url = "/",
                Date = DateTimeOffset.UnixEpoch, Audience = [SearchAudience.Everyone], Language = language,
            }));
            writer.Commit();
        }

        /// <summary>Parses exactly as the search page does (<see cref="SearchService.Parse"/>).</summary>
        public bool Finds(string query) => SearchService.Parse(query).Query is { } parsed && Count(parsed) > 0;

        public bool FindsIn(string field, string query)
        {
            var parser = new QueryParser(SearchAnalysis.Version, field, SearchAnalysis.Analyzer) { DefaultOperator = Operator.AND, AutoGeneratePhraseQueries = true };
            return Count(parser.Parse(query)) > 0;
        }

        /// <summary>With the query analysed by the standard analysis alone, no stems: what a plain word match finds.</summary>
        public bool FindsStandard(string query)
        {
            var standard = new Lucene.Net.Analysis.Miscellaneous.PerFieldAnalyzerWrapper(SearchAnalysis.Analyzer,
                new Dictionary<string, Lucene.Net.Analysis.Analyzer> { [SearchAnalysis.TextField] = SearchAnalysis.StandardAnalyzer });
            var parser = new QueryParser(SearchAnalysis.Version, SearchAnalysis.TextField, standard) { DefaultOperator = Operator.AND, AutoGeneratePhraseQueries = true };
            return Count(parser.Parse(query)) > 0;
        }

        public Query Prune(Query query)
        {
            using var reader = DirectoryReader.Open(directory);
            return QueryAlternatives.Prune(query, reader);
        }

        private int Count(Query query)
        {
            using var reader = DirectoryReader.Open(directory);
            return new IndexSearcher(reader).Search(query, 10).TotalHits;
        }

        public void Dispose()
        {
            writer.Dispose();
            directory.Dispose();
        }
    }
}
