using System.Net;
using KnowledgeHub.Features.Admin;
using KnowledgeHub.Features.Members;
using KnowledgeHub.Features.Mentoring;
using KnowledgeHub.Tests.Forum;
using KnowledgeHub.Tests.Infrastructure;
using Marten;

namespace KnowledgeHub.Tests.Mentoring;

/// <summary>Mentoring through the pages: profiles and directory, request and answer, circles, sessions, goals, the end.</summary>
public sealed class MentoringTests(AppFixture app) : AppTest(app)
{
    [Fact]
    public async Task Request_accept_circle_and_a_private_coaching_thread_work_through_the_pages()
    {
        var pair = await App.PairAsync(Members);
        Assert.Equal(MentorshipStatus.Active, pair.Mentorship.Status);
        Assert.Equal([pair.Mentee.Id], pair.Circle.MenteeIds);

        // The mentee finds the circle on their mentoring page and starts a coaching thread there.
        var home = await pair.MenteeClient.GetAsync("/mentoring");
        Assert.Contains(pair.Circle.Name, home.Text);
        var circlePage = await pair.MenteeClient.GetAsync($"/mentoring/circles/{pair.Circle.Id}");
        Assert.Equal(HttpStatusCode.OK, circlePage.Status);
        var thread = await pair.MenteeClient.StartThreadAsync(pair.Slug, "Where do I start with costing?", "I have the service norms but no unit costs.");
        await pair.MentorClient.ReplyAsync(thread, "Start from one district's actual spending.");

        var seen = await pair.MenteeClient.GetAsync($"/t/{thread}");
        Assert.Contains("Start from one district's actual spending.", seen.Text);
        Assert.Contains("Where do I start with costing?", (await pair.MentorClient.GetAsync($"/mentoring/circles/{pair.Circle.Id}")).Text);
        // A coaching circle is not listed among the forum's spaces.
        Assert.DoesNotContain(pair.Circle.Name, (await pair.MenteeClient.GetAsync("/forum")).Text);
    }

    [Fact]
    public async Task The_directory_filters_by_expertise_language_sector_and_room()
    {
        var meena = await Members.AddAsync("Meena Mentor", roles: Role.Mentor);
        var ravi = await Members.AddAsync("Ravi Mentor", roles: Role.Mentor);
        await (await Members.SignedInAsync(meena)).PublishProfileAsync(expertise: "parenting programmes");
        await (await Members.SignedInAsync(ravi)).PublishProfileAsync(capacity: 1, expertise: "inclusive education");
        var visitor = Client();

        var byExpertise = await visitor.GetAsync("/mentoring/mentors?q=inclusive");
        Assert.Contains("Ravi Mentor", byExpertise.Text);
        Assert.DoesNotContain("Meena Mentor", byExpertise.Text);
        Assert.Empty((await visitor.GetAsync("/mentoring/mentors?language=km")).Document.QuerySelectorAll(".mentors .card"));
        Assert.Equal(2, (await visitor.GetAsync("/mentoring/mentors?language=ne&sector=Government")).Document.QuerySelectorAll(".mentors .card").Length);
        Assert.Empty((await visitor.GetAsync("/mentoring/mentors?sector=Academia")).Document.QuerySelectorAll(".mentors .card"));

        // Ravi's one place is taken: "with room" leaves him out.
        var mentee = await Members.SignedInAsync(await Members.AddAsync("Tashi"));
        await (await Members.SignedInAsync(ravi)).AcceptAsync(await mentee.RequestAsync(ravi.Id));
        var withRoom = await visitor.GetAsync("/mentoring/mentors?room=true");
        Assert.Contains("Meena Mentor", withRoom.Text);
        Assert.DoesNotContain("Ravi Mentor", withRoom.Text);
    }

    [Fact]
    public async Task Only_mentors_publish_profiles_and_bad_input_is_explained_and_kept()
    {
        var member = await Members.SignedInAsync(await Members.AddAsync("Not A Mentor"));
        var refused = await member.GetAsync("/mentoring/profile");
        Assert.NotEqual(HttpStatusCode.OK, refused.Status);

        var mentor = await Members.SignedInAsync(await Members.AddAsync("Meena", roles: Role.Mentor));
        var page = await mentor.SubmitAsync("/mentoring/profile", new Dictionary<string, string> { ["Headline"] = "My headline", ["Capacity"] = "many", ["Availability"] = "" });
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.NotNull(page.ErrorFor("Capacity"));
        Assert.NotNull(page.ErrorFor("Availability"));
        Assert.NotNull(page.ErrorFor("Expertise"));
        Assert.Equal("My headline", page.ValueOf("Headline"));

        var nul = await mentor.SubmitAsync("/mentoring/profile", new Dictionary<string, string> { ["Headline"] = "bad\u202Etext", ["Capacity"] = "2" });
        Assert.Equal(HttpStatusCode.OK, nul.Status);
        Assert.NotNull(nul.ErrorFor("Headline"));
    }

    [Fact]
    public async Task A_mentor_declines_and_a_full_mentor_cannot_accept_beyond_capacity()
    {
        var mentor = await Members.AddAsync("Meena Mentor", roles: Role.Mentor);
        var mentorClient = await Members.SignedInAsync(mentor);
        await mentorClient.PublishProfileAsync(capacity: 1);
        var first = await Members.SignedInAsync(await Members.AddAsync("First"));
        var second = await Members.SignedInAsync(await Members.AddAsync("Second"));
        var third = await Members.SignedInAsync(await Members.AddAsync("Third"));
        var r1 = await first.RequestAsync(mentor.Id);
        var r2 = await second.RequestAsync(mentor.Id);
        var r3 = await third.RequestAsync(mentor.Id);

        await mentorClient.SubmitAsync($"/mentoring/requests/{r3}", new Dictionary<string, string> { ["Answer"] = "My region is too far." }, "form[data-decline]");
        var declined = await third.GetAsync($"/mentoring/requests/{r3}");
        Assert.Equal("Declined", declined.Document.QuerySelector("[data-status]")!.GetAttribute("data-status"));
        Assert.Contains("My region is too far.", declined.Text);

        await mentorClient.AcceptAsync(r1);
        var full = await mentorClient.SubmitAsync($"/mentoring/requests/{r2}", new Dictionary<string, string>(), "form[data-accept]");
        Assert.Equal(HttpStatusCode.OK, full.Status);
        Assert.Contains("full capacity", full.Text);
        await using var session = App.Store.QuerySession();
        Assert.Equal(RequestStatus.Pending, (await session.LoadAsync<MentoringRequest>(r2))!.Status);
        Assert.Equal(1, (await session.LoadAsync<MentorProfile>(mentor.Id))!.ActiveMentees);
        // Someone else cannot answer a request addressed to another mentor.
        Assert.Equal(HttpStatusCode.NotFound, (await first.GetAsync($"/mentoring/requests/{r2}")).Status);
    }

    [Fact]
    public async Task A_second_mentee_joins_the_same_circle_and_sees_its_threads()
    {
        var pair = await App.PairAsync(Members);
        var thread = await pair.MentorClient.StartThreadAsync(pair.Slug, "Welcome to the circle", "Introduce yourselves.");
        var another = await Members.AddAsync("Second Mentee");
        var anotherClient = await Members.SignedInAsync(another);
        Assert.Equal(HttpStatusCode.NotFound, (await anotherClient.GetAsync($"/t/{thread}")).Status);

        await pair.MentorClient.AcceptAsync(await anotherClient.RequestAsync(pair.Mentor.Id), pair.Circle.Id);
        Assert.Equal(HttpStatusCode.OK, (await anotherClient.GetAsync($"/t/{thread}")).Status);
        Assert.Equal(2, (await App.CircleAsync(pair.Circle.Id)).MenteeIds.Count);
    }

    [Fact]
    public async Task Sessions_goals_and_the_end_with_feedback_from_both_sides()
    {
        var pair = await App.PairAsync(Members);
        var scheduled = await pair.MentorClient.SubmitAsync($"/mentoring/circles/{pair.Circle.Id}", new Dictionary<string, string>
        {
            ["Title"] = "First session", ["StartsAt"] = DateTime.UtcNow.AddDays(3).ToString("yyyy-MM-ddTHH:mm"), ["Minutes"] = "45",
            ["Place"] = "Video call", ["Agenda"] = "1. **Goals**\n2. Next steps",
        }, "form[action*='handler=Schedule']");
        Assert.Equal(HttpStatusCode.Redirect, scheduled.Status);
        var sessionUrl = scheduled.Location!;
        var notes = await pair.MenteeClient.SubmitAsync(sessionUrl, new Dictionary<string, string> { ["Notes"] = "We agreed on *three* districts." });
        Assert.Equal(HttpStatusCode.Redirect, notes.Status);
        var sessionPage = await pair.MentorClient.GetAsync(sessionUrl);
        Assert.Contains("<strong>Goals</strong>", sessionPage.Document.Body!.InnerHtml);
        Assert.Contains("<em>three</em>", sessionPage.Document.Body!.InnerHtml);

        var badDate = await pair.MentorClient.SubmitAsync($"/mentoring/circles/{pair.Circle.Id}", new Dictionary<string, string> { ["Title"] = "Later", ["StartsAt"] = "next week" }, "form[action*='handler=Schedule']");
        Assert.Equal(HttpStatusCode.OK, badDate.Status);
        Assert.NotNull(badDate.ErrorFor("StartsAt"));

        var url = $"/mentoring/mentorships/{pair.Mentorship.Id}";
        await pair.MenteeClient.SubmitAsync(url, new Dictionary<string, string> { ["GoalTitle"] = "Costed plan to the ministry" }, "form[action*='handler=Goal']");
        await pair.MentorClient.SubmitAsync(url, new Dictionary<string, string> { ["Note"] = "Draft shared with finance.", ["status"] = "Achieved" }, "form[action*='handler=Progress']");
        var withGoal = await pair.MenteeClient.GetAsync(url);
        Assert.Contains("Costed plan to the ministry", withGoal.Text);
        Assert.Contains("Draft shared with finance.", withGoal.Text);

        var noFeedback = await pair.MenteeClient.SubmitAsync(url, new Dictionary<string, string> { ["Feedback"] = "" }, "form[action*='handler=End']");
        Assert.NotNull(noFeedback.ErrorFor("Feedback"));
        await pair.MenteeClient.SubmitAsync(url, new Dictionary<string, string> { ["Feedback"] = "Practical and patient." }, "form[action*='handler=End']");
        await pair.MentorClient.SubmitAsync(url, new Dictionary<string, string> { ["Feedback"] = "A committed mentee." }, "form[action*='handler=Feedback']");
        var ended = await App.MentorshipAsync(pair.Mentorship.Id);
        Assert.Equal(MentorshipStatus.Ended, ended.Status);
        Assert.Equal("Practical and patient.", ended.MenteeFeedback?.Text);
        Assert.Equal("A committed mentee.", ended.MentorFeedback?.Text);
        // The mentee keeps their record of the mentorship, but the circle's sessions are closed to them now.
        Assert.Equal(HttpStatusCode.OK, (await pair.MenteeClient.GetAsync(url)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await pair.MenteeClient.GetAsync(sessionUrl)).Status);
    }

    [Fact]
    public async Task An_administrator_matches_a_member_and_opens_a_circle_only_through_an_audited_safeguarding_step()
    {
        var mentor = await Members.AddAsync("Meena Mentor", roles: Role.Mentor);
        await (await Members.SignedInAsync(mentor)).PublishProfileAsync();
        var mentee = await Members.AddAsync("Tashi Mentee");
        var admin = await Members.AddAsync("Admin", roles: Role.Administrator);
        var adminClient = await Members.SignedInAsync(admin);
        var matched = await adminClient.SubmitAsync("/mentoring/admin", new Dictionary<string, string>
        {
            ["Mentee"] = mentee.Email, ["MentorId"] = mentor.Id.ToString(), ["Topic"] = "Workforce plan", ["Goal"] = "A plan for training 500 caregivers.", ["Language"] = "en",
        }, "form[action*='handler=Match']");
        Assert.Equal(HttpStatusCode.Redirect, matched.Status);

        await using var query = App.Store.QuerySession();
        var mentorship = Assert.Single(await query.Query<Mentorship>().Where(m => m.MenteeId == mentee.Id).ToListAsync());
        Assert.Equal("Admin", mentorship.MatchedBy);
        var circle = await App.CircleAsync(mentorship.CircleId);
        var menteeClient = await Members.SignedInAsync(mentee);
        var thread = await menteeClient.StartThreadAsync(circle.SpaceId["spaces/".Length..], "Something worries me", "A confidential matter.");

        // Closed to the administrator: the circle page shows only the safeguarding form, the thread is 404.
        var closed = await adminClient.GetAsync($"/mentoring/circles/{circle.Id}");
        Assert.DoesNotContain("Something worries me", closed.Text);
        Assert.NotNull(closed.Document.QuerySelector("form[action*='handler=Safeguarding']"));
        Assert.Equal(HttpStatusCode.NotFound, (await adminClient.GetAsync($"/t/{thread}")).Status);
        var noReason = await adminClient.SubmitAsync($"/mentoring/circles/{circle.Id}", new Dictionary<string, string> { ["Reason"] = " " }, "form[action*='handler=Safeguarding']");
        Assert.NotNull(noReason.ErrorFor("Reason"));

        await adminClient.SubmitAsync($"/mentoring/circles/{circle.Id}", new Dictionary<string, string> { ["Reason"] = "Report of harm to a child (case 42)." }, "form[action*='handler=Safeguarding']");
        Assert.Equal(HttpStatusCode.OK, (await adminClient.GetAsync($"/t/{thread}")).Status);
        Assert.Contains("Something worries me", (await adminClient.GetAsync($"/mentoring/circles/{circle.Id}")).Text);
        var audit = await query.Query<AuditEntry>().Where(a => a.SubjectId == circle.Id).ToListAsync();
        Assert.Contains(audit, a => a.ActorId == admin.Id && a.Details.Contains("case 42"));
        Assert.Contains(await query.Query<AuditEntry>().Where(a => a.SubjectId == mentee.Id).ToListAsync(), a => a.Action == "matched mentee");
    }

    [Fact]
    public async Task Only_mentors_open_office_hours_and_everyone_can_reply()
    {
        var mentor = await Members.AddAsync("Meena Mentor", roles: Role.Mentor);
        var mentorClient = await Members.SignedInAsync(mentor);
        await mentorClient.PublishProfileAsync();
        var member = await Members.SignedInAsync(await Members.AddAsync("Member"));
        Assert.NotEqual(HttpStatusCode.OK, (await member.GetAsync("/spaces/office-hours/new")).Status);

        var thread = await mentorClient.StartThreadAsync("office-hours", "Office hours: costing questions, Tuesday", "Bring your questions.");
        Assert.Equal(HttpStatusCode.Redirect, (await member.ReplyAsync(thread, "How do I cost home visits?")).Status);
        Assert.Contains("Office hours: costing questions, Tuesday", (await Client().GetAsync($"/mentoring/mentors/{mentor.Id}")).Text);
    }
}
