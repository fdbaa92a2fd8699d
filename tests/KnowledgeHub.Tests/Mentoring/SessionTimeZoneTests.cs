using System.Net;
using KnowledgeHub.Features.Mentoring;
using KnowledgeHub.Tests.CaseStudies;
using KnowledgeHub.Tests.Infrastructure;
using Marten;

namespace KnowledgeHub.Tests.Mentoring;

/// <summary>Session times are typed and read in each member's own time zone, named, with UTC at hand.</summary>
public sealed class SessionTimeZoneTests(AppFixture app) : AppTest(app)
{
    private static Task<Page> ScheduleAsync(TestClient client, Guid circle, string startsAt) =>
        client.SubmitAsync($"/mentoring/circles/{circle}", new Dictionary<string, string> { ["Title"] = "Budget session", ["StartsAt"] = startsAt },
            "form[action*='handler=Schedule']");

    private static Task<Page> ChooseTimeZoneAsync(TestClient client, string zone) =>
        client.SubmitAsync("/preferences", new Dictionary<string, string> { ["timeZone"] = zone }, handler: "TimeZone");

    [Fact]
    public async Task A_session_is_typed_in_the_mentors_time_zone_and_each_member_reads_it_in_their_own_with_utc_in_the_tooltip()
    {
        var pair = await App.PairAsync(Members); // both in Nepal: Asia/Kathmandu (UTC+05:45) without choosing
        Assert.Contains("Asia/Kathmandu", (await pair.MentorClient.GetAsync($"/mentoring/circles/{pair.Circle.Id}")).Document.QuerySelector("label[for=StartsAt]")!.TextContent);
        Assert.Equal(HttpStatusCode.Redirect, (await ChooseTimeZoneAsync(pair.MenteeClient, "Asia/Dhaka")).Status); // UTC+06:00
        var day = DateTime.UtcNow.Date.AddDays(10).ToString("yyyy-MM-dd");

        var scheduled = await ScheduleAsync(pair.MentorClient, pair.Circle.Id, $"{day}T14:45");
        Assert.Equal(HttpStatusCode.Redirect, scheduled.Status);
        await using (var session = App.Store.QuerySession())
            Assert.Equal(new DateTimeOffset(DateTime.Parse($"{day}T09:00"), TimeSpan.Zero), Assert.Single(await session.Query<CoachingSession>().ToListAsync()).StartsAt);

        var mentorTime = (await pair.MentorClient.GetAsync(scheduled.Location!)).Document.QuerySelector("main time")!;
        Assert.Equal($"{day} 14:45 Asia/Kathmandu", mentorTime.TextContent);
        Assert.Equal($"{day} 09:00 UTC", mentorTime.GetAttribute("title"));
        var menteeTime = (await pair.MenteeClient.GetAsync(scheduled.Location!)).Document.QuerySelector("main time")!;
        Assert.Equal($"{day} 15:00 Asia/Dhaka", menteeTime.TextContent);
        Assert.Equal($"{day} 09:00 UTC", menteeTime.GetAttribute("title"));
        Assert.Equal($"{day}T09:00:00Z", menteeTime.GetAttribute("datetime"));
        Assert.Equal($"{day} 15:00 Asia/Dhaka", (await pair.MenteeClient.GetAsync($"/mentoring/circles/{pair.Circle.Id}")).Document.QuerySelector("main li time")!.TextContent);

        // Back to "my country's" from a country with several time zones: there is no obvious one, so UTC it is.
        await App.InCountryAsync(pair.Mentee, "ID");
        await ChooseTimeZoneAsync(pair.MenteeClient, "");
        Assert.Equal($"{day} 09:00 UTC", (await pair.MenteeClient.GetAsync(scheduled.Location!)).Document.QuerySelector("main time")!.TextContent);
        Assert.Contains("Not chosen: times are shown in UTC", (await pair.MenteeClient.GetAsync("/preferences")).Text);
    }

    [Fact]
    public async Task A_time_zone_not_in_the_list_and_a_time_that_does_not_exist_there_are_refused_with_a_clear_message()
    {
        var pair = await App.PairAsync(Members);
        var preferences = await pair.MentorClient.GetAsync("/preferences");
        Assert.Contains("My country's: Asia/Kathmandu", preferences.Document.QuerySelector("#time-zone option[value='']")!.TextContent);

        var refused = await ChooseTimeZoneAsync(pair.MentorClient, "Mars/Olympus_Mons");
        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.Equal("Choose a time zone from the list.", refused.ErrorFor("timeZone"));
        Assert.Null((await Members.LoadAsync(pair.Mentor.Id))!.TimeZone);

        // London's clocks go from 01:00 to 02:00 on the last Sunday of March: 01:30 that night never happens.
        await ChooseTimeZoneAsync(pair.MentorClient, "Europe/London");
        Assert.Equal("Europe/London", (await Members.LoadAsync(pair.Mentor.Id))!.TimeZone);
        var year = DateTime.UtcNow.Month >= 3 ? DateTime.UtcNow.Year + 1 : DateTime.UtcNow.Year;
        var lastSunday = new DateTime(year, 3, 31);
        while (lastSunday.DayOfWeek != DayOfWeek.Sunday) lastSunday = lastSunday.AddDays(-1);
        var gap = await ScheduleAsync(pair.MentorClient, pair.Circle.Id, $"{lastSunday:yyyy-MM-dd}T01:30");
        Assert.Equal(HttpStatusCode.OK, gap.Status);
        Assert.Equal($"{lastSunday:yyyy-MM-dd} 01:30 does not exist in Europe/London: the clocks change then. Choose another time.", gap.ErrorFor("StartsAt"));
        Assert.Equal("Budget session", gap.ValueOf("Title"));
    }
}
