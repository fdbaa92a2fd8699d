using Lucene.Net.Analysis;
using Lucene.Net.Documents;
using Lucene.Net.Util;

namespace KnowledgeHub.Infrastructure.Search;

/// <summary>The index's field names and how a <see cref="SearchDocument"/> becomes a Lucene document.</summary>
public static class SearchFields
{
    /// <summary>Bump when fields or analysis change: every node then rebuilds its index on start.</summary>
    public const string SchemaVersion = "3";
    public const int StoredBodyChars = 20_000;

    public const string Key = "key", Group = "group", Type = "type", Url = "url", Body = "body", Date = "date", DateValues = "date_dv",
        Audience = "acl", Language = "lang", Space = "space", SpaceName = "space_name", Tags = "tags", Sector = "sector",
        Country = "country", Author = "author", AuthorName = "author_name", Fingerprint = "fp";

    /// <summary>Single-valued facets (sorted doc values) and the multi-valued one (tags).</summary>
    public static readonly string[] SingleFacets = [Type, Space, Language, Sector, Country, Author];

    /// <summary>
    /// How each facet is kept besides its doc values (which counting and filtering read): the type is also a term (similar
    /// threads ask for it), the space and language are stored for the results; the others need neither, and every indexed
    /// term costs indexing time.
    /// </summary>
    private static readonly Dictionary<string, (bool Indexed, bool Stored)> FacetKinds = new()
    {
        [Type] = (true, true), [Space] = (false, true), [Language] = (false, true), [Sector] = (false, false), [Country] = (false, false), [Author] = (false, false),
    };

    /// <summary>A new Lucene document for <paramref name="d"/> (allocates every field; writers use a <see cref="DocumentMapper"/>).</summary>
    public static Document ToLucene(SearchDocument d) => new DocumentMapper().Map(d);

    /// <summary>
    /// Maps search documents to Lucene documents reusing one set of field instances, as Lucene recommends for indexing
    /// speed: a new field allocates its token stream and attributes on every document (a fifth of the indexing time here).
    /// One mapper per writing thread; the document it returns is valid until its next <see cref="Map"/>.
    /// </summary>
    public sealed class DocumentMapper
    {
        private readonly Document doc = [];
        private readonly StringField key = new(Key, "", Field.Store.YES), group = new(Group, "", Field.Store.YES);
        private readonly TextField title = new(SearchAnalysis.TitleField, "", Field.Store.YES);
        // The title twice (its words weigh more than the text's, without a second field in every query), then the text.
        private readonly LanguageTextField titleText = new(), titleAgain = new(), text = new();
        private readonly StoredField body = new(Body, ""), url = new(Url, ""), spaceName = new(SpaceName, ""), authorName = new(AuthorName, ""), fingerprint = new(Fingerprint, "");
        // Dates are filtered and sorted on from memory (FacetOrdinals), so they need no indexed terms (a numeric field has 16).
        private readonly StoredField date = new(Date, 0L);
        private readonly NumericDocValuesField dateValues = new(DateValues, 0);
        private readonly Dictionary<string, (Field? Term, SortedDocValuesField Values)> facets = SingleFacets.ToDictionary(f => f, f => (FacetField(f), new SortedDocValuesField(f, new BytesRef())));
        private readonly List<StringField> audience = [];
        private readonly List<(StoredField Stored, SortedSetDocValuesField Values)> tags = [];

        private static Field? FacetField(string name) => FacetKinds[name] switch
        {
            (true, var stored) => new StringField(name, "", stored ? Field.Store.YES : Field.Store.NO),
            (false, true) => new StoredField(name, ""),
            _ => null,
        };

        public Document Map(SearchDocument d)
        {
            doc.Fields.Clear();
            Add(key, d.Key); Add(group, d.Group); Add(title, d.Title);
            titleText.Analysis = titleAgain.Analysis = text.Analysis = SearchAnalysis.ForLanguage(d.Language);
            Add(titleText, d.Title); Add(titleAgain, d.Title); Add(text, d.Body);
            Add(body, d.Body.Length > StoredBodyChars ? d.Body[..StoredBodyChars] : d.Body);
            Add(url, d.Url);
            date.SetInt64Value(d.Date.UtcTicks); doc.Add(date);
            dateValues.SetInt64Value(d.Date.UtcTicks); doc.Add(dateValues);
            var i = 0;
            foreach (var value in d.Audience.Distinct())
            {
                if (i == audience.Count) audience.Add(new StringField(Audience, "", Field.Store.NO));
                Add(audience[i++], value);
            }
            Facet(Type, d.Type);
            Facet(Language, SearchAnalysis.LanguageKey(d.Language));
            Facet(Space, d.SpaceId);
            Facet(Sector, d.Sector);
            Facet(Country, d.Country);
            Facet(Author, d.AuthorId);
            i = 0;
            foreach (var tag in d.Tags.Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t.Trim().ToLowerInvariant()).Distinct())
            {
                if (i == tags.Count) tags.Add((new StoredField(Tags, ""), new SortedSetDocValuesField(Tags, new BytesRef())));
                var (term, values) = tags[i++];
                Add(term, tag);
                values.SetBytesValue(new BytesRef(tag));
                doc.Add(values);
            }
            if (d.SpaceName is { } space) Add(spaceName, space);
            if (d.AuthorName is { } author) Add(authorName, author);
            if (d.Fingerprint is { } print) Add(fingerprint, print);
            return doc;
        }

        /// <summary>The one text field, analysed by the document's language rather than by the writer's analyzer.</summary>
        private sealed class LanguageTextField() : Field(SearchAnalysis.TextField, "", TextField.TYPE_NOT_STORED)
        {
            public Analyzer Analysis { get; set; } = SearchAnalysis.ForLanguage(null);

            public override TokenStream GetTokenStream(Analyzer analyzer) => Analysis.GetTokenStream(Name, GetStringValue());
        }

        private void Add(Field field, string value)
        {
            field.SetStringValue(value);
            doc.Add(field);
        }

        private void Facet(string field, string? value)
        {
            if (string.IsNullOrWhiteSpace(value)) return;
            var (term, values) = facets[field];
            if (term is not null) Add(term, value);
            values.SetBytesValue(new BytesRef(value));
            doc.Add(values);
        }
    }
}
