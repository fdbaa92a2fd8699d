using System.Net;
using KnowledgeHub.Features.CaseStudies;
using KnowledgeHub.Tests.Infrastructure;
using Marten;

namespace KnowledgeHub.Tests.CaseStudies;

/// <summary>Wrong input gets a message beside its field, everything typed stays, and a failed submit is kept as a draft.</summary>
public sealed class InputTests(AppFixture app) : AppTest(app)
{
    [Fact]
    public async Task A_failed_submit_explains_each_field_keeps_the_text_and_saves_a_draft()
    {
        var memberRecord = await Members.AddAsync("Rokeya Begum");
        var member = await Members.SignedInAsync(memberRecord);
        var fields = CaseStudyHelpers.ValidFields();
        fields["Input.Title"] = "Hi";
        fields["Input.Country"] = "ZZ";
        fields["Input.Sectors"] = "astrology";
        fields["Input.Themes"] = "fine, not/ok";
        fields["Input.Figures[0].Value"] = "many";
        fields["Input.Challenge"] = "Copied text\0with a NUL in it.";
        fields["Input.Results"] = "";

        var page = await member.WriteAsync(fields);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("Give the case study a title of at least 5 characters.", page.ErrorFor("Input.Title"));
        Assert.Equal("Choose the country where this happened.", page.ErrorFor("Input.Country"));
        Assert.Equal("Choose sectors from the list.", page.ErrorFor("Input.Sectors"));
        Assert.StartsWith("Themes are words or short phrases", page.ErrorFor("Input.Themes"));
        Assert.StartsWith("A figure's number must contain digits", page.ErrorFor("Input.Figures"));
        Assert.StartsWith("The text contains invisible or invalid characters", page.ErrorFor("Input.Challenge"));
        Assert.Equal("This section is needed before the case study can be reviewed.", page.ErrorFor("Input.Results"));
        Assert.Null(page.ErrorFor("Input.Summary"));
        Assert.Contains("Everything you typed is saved as a draft.", page.Text);
        Assert.Equal(fields["Input.Summary"], page.ValueOf("Input.Summary"));
        Assert.Equal("Hi", page.ValueOf("Input.Title"));
        Assert.Equal("many", page.ValueOf("Input.Figures[0].Value"));

        await using (var session = App.Store.QuerySession())
        {
            var draft = Assert.Single(await session.Query<CaseStudy>().Where(c => c.AuthorId == memberRecord.Id).ToListAsync());
            Assert.Equal(CaseStudyStatus.Draft, draft.Status);
            Assert.Equal(fields["Input.Summary"], draft.Summary);
            Assert.Equal("Copied textwith a NUL in it.", draft.Challenge.Markdown);
        }

        // Fixed and submitted again from the same page: the same case study goes to review, no second copy.
        var action = page.Document.QuerySelector("form.case-study-form")!.GetAttribute("action")!;
        var fixedFields = CaseStudyHelpers.ValidFields();
        var id = CaseStudyHelpers.IdFrom(await member.WriteAsync(fixedFields, action));
        await using (var session = App.Store.QuerySession())
            Assert.Equal(id, Assert.Single(await session.Query<CaseStudy>().Where(c => c.AuthorId == memberRecord.Id).ToListAsync()).Id);
        Assert.Equal(CaseStudyStatus.UnderReview, (await App.LoadAsync(id))!.Status);
    }

    [Fact]
    public async Task Oversized_pathological_or_hostile_text_is_refused_or_made_safe_never_a_server_error()
    {
        var member = await Members.SignedInAsync(await Members.AddAsync("Rokeya Begum"));
        var fields = CaseStudyHelpers.ValidFields();
        fields["Input.WhatWasDone"] = new string('x', CaseStudyRules.MaxSection + 1);
        fields["Input.Lessons"] = string.Concat(Enumerable.Repeat("[a](", 2_500));
        fields["Input.Figures[1].Value"] = "12";
        var page = await member.WriteAsync(fields);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal($"This section can be up to {CaseStudyRules.MaxSection} characters; it has {CaseStudyRules.MaxSection + 1}.", page.ErrorFor("Input.WhatWasDone"));
        Assert.StartsWith("The text is too complex to display", page.ErrorFor("Input.Lessons"));
        Assert.Equal("Each figure needs both a number and what it counts.", page.ErrorFor("Input.Figures"));

        var hostile = CaseStudyHelpers.ValidFields();
        hostile["Input.Challenge"] = "<script>alert(1)</script> [click](javascript:alert(2)) <img src=x onerror=alert(3)>";
        var id = CaseStudyHelpers.IdFrom(await member.WriteAsync(hostile));
        var html = (await App.LoadAsync(id))!.Challenge.Html;
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("javascript:", html);
        Assert.DoesNotContain("<img", html);

        var empty = await member.WriteAsync(new Dictionary<string, string>
        {
            ["Input.Title"] = "", ["Input.Organisation"] = "", ["Input.Summary"] = "", ["Input.Challenge"] = "", ["Input.WhatWasDone"] = "",
            ["Input.Results"] = "", ["Input.Lessons"] = "", ["Input.Contacts"] = "", ["Input.Sources"] = "", ["Input.Themes"] = "",
        }, draft: true);
        Assert.Equal(HttpStatusCode.OK, empty.Status);
        Assert.Contains("Write something first.", empty.Text);
    }
}
