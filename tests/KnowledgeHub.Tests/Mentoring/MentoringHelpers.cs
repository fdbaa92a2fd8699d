using System.Net;
using KnowledgeHub.Features.Mentoring;
using KnowledgeHub.Features.Members;
using KnowledgeHub.Tests.Infrastructure;
using Marten;

namespace KnowledgeHub.Tests.Mentoring;

/// <summary>The steps people take, through the pages: publish a mentor profile, ask, accept.</summary>
public static class MentoringHelpers
{
    public static async Task PublishProfileAsync(this TestClient mentor, int capacity = 3, string expertise = "parenting programmes, costing")
    {
        var page = await mentor.SubmitAsync("/mentoring/profile", new Dictionary<string, string>
        {
            ["Headline"] = "Costing and financing ECD services", ["Expertise"] = expertise, ["Availability"] = "Two hours a month, Tuesday evenings (UTC+5:45)",
            ["Capacity"] = capacity.ToString(), ["About"] = "Twenty years with district ECD programmes.",
        }, extra: [new("Sectors", "Government"), new("Languages", "en"), new("Languages", "ne"), new("Accepting", "true")]);
        if (page.Status != HttpStatusCode.Redirect) throw new InvalidOperationException($"Profile not saved: {page.Status} {page.Document.QuerySelector("main")?.TextContent}");
    }

    public static async Task<Guid> RequestAsync(this TestClient mentee, Guid mentorId, string topic = "Costing our national plan")
    {
        var page = await mentee.SubmitAsync($"/mentoring/mentors/{mentorId}", new Dictionary<string, string>
        {
            ["Topic"] = topic, ["Goal"] = "Present a costed ECD plan to the ministry by March.", ["Language"] = "en",
        }, "main form");
        if (page.Status != HttpStatusCode.Redirect) throw new InvalidOperationException($"Request not sent: {page.Status} {page.Document.QuerySelector("main")?.TextContent}");
        return Guid.Parse(page.Location!.Split('/')[^1]);
    }

    /// <summary>Accepts into a new circle (or the given one); returns the mentorship.</summary>
    public static async Task<Guid> AcceptAsync(this TestClient mentor, Guid requestId, Guid? circle = null)
    {
        var page = await mentor.SubmitAsync($"/mentoring/requests/{requestId}", new Dictionary<string, string> { ["Answer"] = "Happy to help.", ["CircleId"] = circle?.ToString() ?? "" }, "form[data-accept]");
        if (page.Status != HttpStatusCode.Redirect) throw new InvalidOperationException($"Not accepted: {page.Status} {page.Document.QuerySelector("main")?.TextContent}");
        return Guid.Parse(page.Location!.Split('/')[^1]);
    }

    public static async Task<Mentorship> MentorshipAsync(this AppFixture app, Guid id)
    {
        await using var session = app.Store.QuerySession();
        return await session.LoadAsync<Mentorship>(id) ?? throw new InvalidOperationException("no mentorship");
    }

    public static async Task<Circle> CircleAsync(this AppFixture app, Guid id)
    {
        await using var session = app.Store.QuerySession();
        return await session.LoadAsync<Circle>(id) ?? throw new InvalidOperationException("no circle");
    }

    /// <summary>A mentor with a published profile and a mentee in their circle, all through the pages.</summary>
    public static async Task<Pair> PairAsync(this AppFixture app, TestMembers members, int capacity = 3)
    {
        var mentor = await members.AddAsync("Meena Mentor", roles: Role.Mentor);
        var mentee = await members.AddAsync("Tashi Mentee");
        var mentorClient = await members.SignedInAsync(mentor);
        var menteeClient = await members.SignedInAsync(mentee);
        await mentorClient.PublishProfileAsync(capacity);
        var request = await menteeClient.RequestAsync(mentor.Id);
        var mentorship = await app.MentorshipAsync(await mentorClient.AcceptAsync(request));
        return new(mentor, mentee, mentorClient, menteeClient, mentorship, await app.CircleAsync(mentorship.CircleId));
    }

    public sealed record Pair(Member Mentor, Member Mentee, TestClient MentorClient, TestClient MenteeClient, Mentorship Mentorship, Circle Circle)
    {
        public string Slug => Circle.SpaceId["spaces/".Length..];
    }
}
