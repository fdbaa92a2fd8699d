using Lucene.Net.Documents;
using Lucene.Net.Util;

namespace KnowledgeHub.Infrastructure.Search;

/// <summary>The index's field names and how a <see cref="SearchDocument"/> becomes a Lucene document.</summary>
public static class SearchFields
{
    /// <summary>Bump when fields or analysis change: every node then rebuilds its index on start.</summary>
    public const string SchemaVersion = "1";
    public const int StoredBodyChars = 20_000;

    public const string Key = "key", Group = "group", Type = "type", Url = "url", Body = "body", Date = "date", DateValues = "date_dv",
        Audience = "acl", Language = "lang", Space = "space", SpaceName = "space_name", Tags = "tags", Sector = "sector",
        Country = "country", Author = "author", AuthorName = "author_name", Fingerprint = "fp";

    /// <summary>Single-valued facets (sorted doc values) and the multi-valued one (tags).</summary>
    public static readonly string[] SingleFacets = [Type, Space, Language, Sector, Country, Author];

    public static Document ToLucene(SearchDocument d)
    {
        var text = d.Title + "\n" + d.Body;
        var doc = new Document
        {
            new StringField(Key, d.Key, Field.Store.YES),
            new StringField(Group, d.Group, Field.Store.YES),
            new TextField(SearchAnalysis.TitleField, d.Title, Field.Store.YES),
            new TextField(SearchAnalysis.TextField, text, Field.Store.NO),
            new StoredField(Body, d.Body.Length > StoredBodyChars ? d.Body[..StoredBodyChars] : d.Body),
            new StoredField(Url, d.Url),
            new Int64Field(Date, d.Date.UtcTicks, Field.Store.YES),
            new NumericDocValuesField(DateValues, d.Date.UtcTicks),
        };
        if (SearchAnalysis.StemmedFieldFor(d.Language) is { } stemmed) doc.Add(new TextField(stemmed, text, Field.Store.NO));
        foreach (var key in d.Audience.Distinct()) doc.Add(new StringField(Audience, key, Field.Store.NO));
        Facet(doc, Type, d.Type);
        Facet(doc, Language, SearchAnalysis.LanguageKey(d.Language));
        Facet(doc, Space, d.SpaceId);
        Facet(doc, Sector, d.Sector);
        Facet(doc, Country, d.Country);
        Facet(doc, Author, d.AuthorId);
        foreach (var tag in d.Tags.Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t.Trim().ToLowerInvariant()).Distinct())
        {
            doc.Add(new StringField(Tags, tag, Field.Store.YES));
            doc.Add(new SortedSetDocValuesField(Tags, new BytesRef(tag)));
        }
        if (d.SpaceName is { } spaceName) doc.Add(new StoredField(SpaceName, spaceName));
        if (d.AuthorName is { } authorName) doc.Add(new StoredField(AuthorName, authorName));
        if (d.Fingerprint is { } fingerprint) doc.Add(new StoredField(Fingerprint, fingerprint));
        return doc;
    }

    private static void Facet(Document doc, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return;
        doc.Add(new StringField(field, value, Field.Store.YES));
        doc.Add(new SortedDocValuesField(field, new BytesRef(value)));
    }
}
