using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using KnowledgeHub.Infrastructure.Search;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Cjk;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Index;
using Lucene.Net.QueryParsers.Classic;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace KnowledgeHub.Tests.Search;

public sealed class SnippetsTests
{
    private static readonly string[] Fields = ["text", "text_en"];
    private static readonly Analyzer Analyzer = new PerFieldAnalyzerWrapper(
        new StandardAnalyzer(LuceneVersion.LUCENE_48),
        new Dictionary<string, Analyzer> { ["text_en"] = new EnglishAnalyzer(LuceneVersion.LUCENE_48) });
    private static readonly Analyzer Cjk = new CJKAnalyzer(LuceneVersion.LUCENE_48);

    // Unique words, so a cut can be checked against the source: "w000 w001 w002 ...".
    private static readonly string Filler = string.Join(" ", Enumerable.Range(0, 200).Select(i => $"w{i:000}"));

    private static QueryTerms Terms(string query, Analyzer? analyzer = null, string[]? fields = null) =>
        QueryTerms.From(new MultiFieldQueryParser(LuceneVersion.LUCENE_48, fields ?? Fields, analyzer ?? Analyzer)
        {
            DefaultOperator = Operator.AND,
            AutoGeneratePhraseQueries = true,
        }.Parse(query));

    private static string Snippet(string query, string text, int maxChars = 220) =>
        Snippets.Make(text, Terms(query), Analyzer, Fields, maxChars);

    private static string[] Marked(string html) =>
        Regex.Matches(html, "<mark>(.*?)</mark>").Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToArray();

    /// <summary>The text a reader sees: marks removed, entities decoded.</summary>
    private static string Visible(string html) => WebUtility.HtmlDecode(html.Replace("<mark>", "").Replace("</mark>", ""));

    [Fact]
    public void A_single_term_is_marked_in_the_whole_short_text()
    {
        Assert.Equal("We discussed the <mark>budget</mark> today.", Snippet("budget", "We discussed the budget today."));
    }

    [Fact]
    public void Two_terms_far_apart_pick_the_passage_that_has_both()
    {
        var text = $"The budget is tight. {Filler} The meeting about the budget was long. {Filler} Another meeting.";
        var html = Snippet("budget meeting", text, maxChars: 100);
        Assert.Equal(["meeting", "budget"], Marked(html));
        Assert.Contains("The <mark>meeting</mark> about the <mark>budget</mark> was long.", html);
        Assert.StartsWith(Snippets.Ellipsis, html);
    }

    [Fact]
    public void Of_two_equally_good_passages_the_earliest_wins()
    {
        var text = $"alpha {Filler} budget meeting first {Filler} budget meeting second";
        var html = Snippet("budget meeting", text, maxChars: 60);
        Assert.Contains("first", html);
        Assert.DoesNotContain("second", html);
    }

    [Fact]
    public void A_stemmed_field_marks_other_forms_of_the_word()
    {
        Assert.Equal(["meetings"], Marked(Snippet("meeting", "Three meetings were held in May.")));
    }

    [Fact]
    public void A_prefix_query_marks_words_that_start_with_it_and_only_those()
    {
        var html = Snippet("pare*", "Parents and parenting differ from apparel, compare them.");
        Assert.Equal(["Parents", "parenting"], Marked(html));
    }

    [Fact]
    public void Phrase_words_are_marked()
    {
        var html = Snippet("\"budget review\"", "Notes. The budget review is due on Friday.");
        Assert.Equal(["budget", "review"], Marked(html));
        Assert.Contains("The <mark>budget</mark> <mark>review</mark> is due", html);
    }

    [Fact]
    public void A_prohibited_term_is_not_marked()
    {
        var html = Snippet("budget -secret", "The secret budget is small.");
        Assert.Equal(["budget"], Marked(html));
        Assert.Contains("secret", html);
    }

    [Fact]
    public void Without_a_match_the_start_of_the_text_is_shown_cut_between_words()
    {
        var text = $"  Nothing here is relevant. {Filler}";
        for (var maxChars = 40; maxChars <= 90; maxChars++) // every position a cut can fall in a word
        {
            var html = Snippet("zebra", text, maxChars);
            Assert.DoesNotContain("<mark>", html);
            Assert.StartsWith("Nothing here is relevant.", html);
            Assert.EndsWith(Snippets.Ellipsis, html);
            var shown = html[..^Snippets.Ellipsis.Length];
            Assert.True(shown.Length <= maxChars, shown);
            Assert.Contains(shown + " ", text); // ends on a whole word
        }
    }

    [Fact]
    public void A_cut_snippet_has_ellipses_and_whole_words_at_both_ends()
    {
        var text = $"{Filler} The budget was approved. {Filler}";
        for (var maxChars = 40; maxChars <= 90; maxChars++)
        {
            var html = Snippet("budget", text, maxChars);
            Assert.StartsWith(Snippets.Ellipsis, html);
            Assert.EndsWith(Snippets.Ellipsis, html);
            var shown = Visible(html)[Snippets.Ellipsis.Length..^Snippets.Ellipsis.Length];
            Assert.True(shown.Length <= maxChars, shown);
            Assert.Contains(" " + shown + " ", text);
            Assert.Contains("<mark>budget</mark>", html);
        }
    }

    [Fact]
    public void No_ellipsis_where_the_snippet_reaches_the_start_or_the_end()
    {
        var atStart = Snippet("budget", $"Budget first. {Filler}", maxChars: 80);
        Assert.StartsWith("<mark>Budget</mark> first.", atStart);
        Assert.EndsWith(Snippets.Ellipsis, atStart);

        var atEnd = Snippet("budget", $"{Filler} the last word is budget.", maxChars: 80);
        Assert.StartsWith(Snippets.Ellipsis, atEnd);
        Assert.EndsWith("is <mark>budget</mark>.", atEnd);
    }

    [Theory]
    [InlineData("script", "<script>alert(1)</script>")]
    [InlineData("alert", "<script>alert(1)</script> and <img src=x onerror=alert(2)>")]
    [InlineData("x", "x\" onmouseover=\"alert(1)\" data-x='y' <b>x</b>")]
    [InlineData("amp", "Tom &amp; Jerry &lt;b&gt; amp & co")]
    [InlineData("zzz", "</mark><mark onclick=alert(1)>x</mark> \"onmouseover=")]
    public void Everything_in_the_text_is_encoded_and_only_marks_are_markup(string query, string text)
    {
        var html = Snippet(query, text);
        var body = new AngleSharp.Html.Parser.HtmlParser().ParseDocument($"<body>{html}</body>").Body!;
        Assert.All(body.QuerySelectorAll("*"), element =>
        {
            Assert.Equal("mark", element.LocalName);
            Assert.Empty(element.Attributes);
        });
        Assert.Equal(text, body.TextContent);
        Assert.Equal(text, Visible(html));
    }

    [Fact]
    public void A_marked_word_inside_encoded_markup_keeps_the_encoding_intact()
    {
        Assert.Equal(
            "&lt;<mark>script</mark>&gt;alert(1)&lt;/<mark>script</mark>&gt; &amp;amp; &quot;onmouseover=",
            Snippet("script", "<script>alert(1)</script> &amp; \"onmouseover="));
    }

    [Fact]
    public void A_huge_text_is_analysed_only_up_to_the_limit_and_returns_a_bounded_snippet_quickly()
    {
        var words = string.Concat(Enumerable.Repeat("alpha beta gamma delta ", 200_000 / 23 + 1));
        var text = words[..200_000] + " budget meeting gamma";
        Snippet("budget", "warm up the analyzers");

        var clock = Stopwatch.StartNew();
        var html = Snippet("budget meeting gamma", text);
        clock.Stop();

        Assert.True(clock.ElapsedMilliseconds < 500, $"{clock.ElapsedMilliseconds} ms");
        Assert.True(Visible(html).Length <= 220 + 2 * Snippets.Ellipsis.Length, html);
        // The passage with all three words lies beyond maxAnalyzedChars: never looked at, so the best is one word near the start.
        Assert.DoesNotContain("budget", html);
        Assert.StartsWith("alpha beta <mark>gamma</mark>", html);
        Assert.EndsWith(Snippets.Ellipsis, html);
    }

    [Fact]
    public void A_larger_analysis_limit_finds_a_later_match()
    {
        var text = Filler + " " + string.Concat(Enumerable.Repeat("lorem ipsum ", 2_500)) + "budget";
        Assert.DoesNotContain("<mark>", Snippets.Make(text, Terms("budget"), Analyzer, Fields, maxAnalyzedChars: 20_000));
        Assert.Contains("<mark>budget</mark>", Snippets.Make(text, Terms("budget"), Analyzer, Fields, maxAnalyzedChars: 40_000));
    }

    [Fact]
    public void A_chinese_word_made_of_overlapping_bigrams_is_one_mark()
    {
        const string text = "我们公司的知识管理系统非常好用。";
        var html = Snippets.Make(text, Terms("知识管理", Cjk, ["text"]), Cjk, ["text"]);
        Assert.Equal("我们公司的<mark>知识管理</mark>系统非常好用。", html);
    }

    [Theory]
    [InlineData("کتاب", "یہ ایک اچھی کتاب ہے اور میں اسے پڑھنا چاہتا ہوں۔")]
    [InlineData("كتاب", "هذا كتاب جميل جدا، وأنا أحب القراءة كثيرا.")]
    public void Right_to_left_text_is_marked_and_cut_without_errors(string query, string sentence)
    {
        Assert.Equal([query], Marked(Snippet(query, sentence)));
        var longText = string.Concat(Enumerable.Repeat(sentence.Replace(query, "\u200F") + " ", 40)) + sentence;
        var html = Snippet(query, longText, maxChars: 50);
        Assert.Equal([query], Marked(html));
        Assert.StartsWith(Snippets.Ellipsis, html);
    }

    [Fact]
    public void Emoji_surrogate_pairs_are_never_split_whatever_the_length()
    {
        var text = string.Concat(Enumerable.Repeat("😀", 60)) + " party " + string.Concat(Enumerable.Repeat("👍🏽", 30)) + "🎉";
        for (var maxChars = 9; maxChars <= 60; maxChars++)
        {
            foreach (var query in new[] { "party", "zzz" })
            {
                var html = Snippet(query, text, maxChars);
                var shown = Visible(html);
                Assert.DoesNotContain('\uFFFD', shown); // what the encoder writes for half a pair
                for (var i = 0; i < shown.Length; i++)
                {
                    if (char.IsHighSurrogate(shown[i])) Assert.True(i + 1 < shown.Length && char.IsLowSurrogate(shown[++i]), $"{maxChars} {query}: {html}");
                    else Assert.False(char.IsLowSurrogate(shown[i]), $"{maxChars} {query}: {html}");
                }
                Assert.DoesNotContain("👍", shown.Replace("👍🏽", "")); // nor a skin tone cut from its emoji
                Assert.DoesNotContain("🏽", shown.Replace("👍🏽", ""));
                if (query == "zzz" || maxChars >= 20) Assert.Contains("😀", shown);
            }
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("\t\r\n \u00A0 ")]
    [InlineData("\uD800")]
    [InlineData("a\uDC00b budget \uD83D")]
    [InlineData("\u0301\u0301 budget\u200D")]
    [InlineData("\0\u202E budget")]
    public void Odd_text_never_throws(string text)
    {
        var html = Snippet("budget", text);
        if (string.IsNullOrWhiteSpace(text)) Assert.Equal("", html);
        else Assert.NotEqual("", html);
        Assert.Equal(text.Contains("budget"), html.Contains("budget"));
        Assert.Equal("", Snippets.Make(text, Terms("budget"), Analyzer, Fields, maxChars: 0));
        Assert.Equal(html, Snippets.Make(text, Terms("budget"), Analyzer, Fields, maxChars: int.MaxValue, maxAnalyzedChars: int.MaxValue));
    }

    [Fact]
    public void Missing_terms_analyzer_or_fields_mean_nothing_is_marked()
    {
        Assert.Equal("a budget", Snippets.Make("a budget", QueryTerms.From(null), Analyzer, Fields));
        Assert.Equal("a budget", Snippets.Make("a budget", Terms("budget"), null!, Fields));
        Assert.Equal("a budget", Snippets.Make("a budget", Terms("budget"), Analyzer, []));
    }

    [Fact]
    public void Query_terms_understand_fuzzy_wildcard_and_wrapping_queries()
    {
        var fuzzy = Terms("paren~1");
        Assert.True(fuzzy.Matches("text", "parent"));
        Assert.False(fuzzy.Matches("text", "parents")); // two edits away
        Assert.True(Terms("pa?ents").Matches("text", "parents"));
        Assert.False(Terms("pa?ents").Matches("text", "parent"));

        var wrapped = new BooleanQuery
        {
            { new ConstantScoreQuery(new TermQuery(new Term("text", "kept"))), Occur.MUST },
            { new DisjunctionMaxQuery([new TermQuery(new Term("text", "either")), new PrefixQuery(new Term("text_en", "or"))], 0.1f), Occur.SHOULD },
            { new TermQuery(new Term("text", "excluded")), Occur.MUST_NOT },
            { TermRangeQuery.NewStringRange("text", "a", "z", true, true), Occur.SHOULD },
            { new MatchAllDocsQuery(), Occur.SHOULD },
        };
        var terms = QueryTerms.From(wrapped);
        Assert.True(terms.Matches("text", "kept"));
        Assert.True(terms.Matches("text", "either"));
        Assert.True(terms.Matches("text_en", "ordinary"));
        Assert.False(terms.Matches("text", "ordinary")); // prefixes belong to their field
        Assert.False(terms.Matches("text", "excluded"));
        Assert.False(terms.Matches("text", "m")); // a range is not marked

        Assert.True(QueryTerms.From(new MatchAllDocsQuery()).IsEmpty);
        Assert.True(QueryTerms.From(new WildcardQuery(new Term("text", "*"))).IsEmpty); // would mark every word
    }
}
