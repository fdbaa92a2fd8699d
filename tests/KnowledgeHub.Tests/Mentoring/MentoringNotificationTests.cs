using System.Threading.Channels;
using KnowledgeHub.Features.Members;
using KnowledgeHub.Features.Mentoring;
using KnowledgeHub.Features.Notifications;
using KnowledgeHub.Tests.Forum;
using KnowledgeHub.Tests.Infrastructure;
using KnowledgeHub.Tests.Notifications;
using Marten;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeHub.Tests.Mentoring;

/// <summary>Who hears what in mentoring: in the app (live), and by email as each member chose.</summary>
public sealed class MentoringNotificationTests(AppFixture app) : AppTest(app)
{
    private NotificationMailer Mailer => App.Factory.Services.GetRequiredService<NotificationMailer>();

    private async Task<(Member Member, TestClient Client)> MentorAsync()
    {
        var mentor = await Members.AddAsync("Meena Mentor", roles: Role.Mentor);
        var client = await Members.SignedInAsync(mentor);
        await client.PublishProfileAsync();
        return (mentor, client);
    }

    [Fact]
    public async Task A_mentor_hears_of_a_new_request_live_in_the_app_and_by_email_with_a_link_to_it()
    {
        var (mentor, mentorClient) = await MentorAsync();
        await App.SetEmailFrequencyAsync(mentor, EmailFrequency.Immediately);
        var mentee = await Members.SignedInAsync(await Members.AddAsync("Tashi Mentee"));
        await using var hub = await Hubs.ConnectAsync(App.Factory, await Members.AuthCookieAsync(mentor));
        var counts = Channel.CreateUnbounded<int>();
        hub.On<int>("NotificationCount", c => counts.Writer.TryWrite(c));

        var request = await mentee.RequestAsync(mentor.Id, "Costing our national plan");

        Assert.Equal(1, await counts.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(15)));
        Assert.Equal(["Tashi Mentee asked you for mentoring: “Costing our national plan”"], await mentorClient.NotificationsAsync());
        Assert.Equal(1, await Mailer.SendDueAsync(DateTimeOffset.UtcNow.AddMinutes(6), default));
        var mail = Assert.Single(Mail.For(mentor.Email));
        Assert.Contains("Tashi Mentee asked you for mentoring: “Costing our national plan”", mail.Subject);
        Assert.Contains($"http://localhost/mentoring/requests/{request}", mail.TextBody);
        Assert.Equal($"/mentoring/requests/{request}", await mentorClient.OpenNewestNotificationAsync());
        Assert.Equal(0, await counts.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(15))); // opened: read
    }

    [Fact]
    public async Task The_mentee_hears_whether_a_request_was_accepted_or_declined_and_never_gets_email_when_they_chose_never()
    {
        var (mentor, mentorClient) = await MentorAsync();
        var acceptedMember = await Members.AddAsync("Accepted Mentee");
        var declinedMember = await Members.AddAsync("Declined Mentee");
        await App.SetEmailFrequencyAsync(acceptedMember, EmailFrequency.Never);
        var accepted = await Members.SignedInAsync(acceptedMember);
        var declined = await Members.SignedInAsync(declinedMember); // the daily digest, by default
        var r1 = await accepted.RequestAsync(mentor.Id, "Costing our national plan");
        var r2 = await declined.RequestAsync(mentor.Id, "Workforce planning");

        var mentorship = await mentorClient.AcceptAsync(r1);
        await mentorClient.SubmitAsync($"/mentoring/requests/{r2}", new Dictionary<string, string> { ["Answer"] = "My region is too far." }, "form[data-decline]");

        Assert.Equal(["Meena Mentor accepted your mentoring request: “Costing our national plan”"], await accepted.NotificationsAsync());
        Assert.Equal(["Meena Mentor declined your mentoring request: “Workforce planning”"], await declined.NotificationsAsync());
        Assert.Equal(2, (await mentorClient.NotificationsAsync()).Count); // the two requests; never their own answers
        Assert.Equal(2, await Mailer.SendDueAsync(DateTimeOffset.UtcNow.AddMinutes(6), default)); // the daily digests of the declined mentee and the mentor
        Assert.Empty(Mail.For(acceptedMember.Email));
        Assert.Contains($"http://localhost/mentoring/requests/{r2}", Assert.Single(Mail.For(declinedMember.Email)).TextBody);
        Assert.Equal($"/mentoring/mentorships/{mentorship}", await accepted.OpenNewestNotificationAsync());
        Assert.Equal($"/mentoring/requests/{r2}", await declined.OpenNewestNotificationAsync());
    }

    [Fact]
    public async Task An_administrators_match_tells_the_mentee_and_the_mentor()
    {
        var (mentor, mentorClient) = await MentorAsync();
        var mentee = await Members.AddAsync("Tashi Mentee");
        var admin = await Members.SignedInAsync(await Members.AddAsync("Anita Admin", roles: Role.Administrator));
        await admin.SubmitAsync("/mentoring/admin", new Dictionary<string, string>
        {
            ["Mentee"] = mentee.Email, ["MentorId"] = mentor.Id.ToString(), ["Topic"] = "Workforce plan", ["Goal"] = "Train 500 caregivers.", ["Language"] = "en",
        }, "form[action*='handler=Match']");
        await using var query = App.Store.QuerySession();
        var mentorship = Assert.Single(await query.Query<Mentorship>().Where(m => m.MenteeId == mentee.Id).ToListAsync());

        var menteeClient = await Members.SignedInAsync(mentee);
        Assert.Equal(["Anita Admin matched you with Meena Mentor as your mentor"], await menteeClient.NotificationsAsync());
        Assert.Equal(["Anita Admin matched Tashi Mentee with you as their mentor"], await mentorClient.NotificationsAsync());
        Assert.Equal($"/mentoring/mentorships/{mentorship.Id}", await menteeClient.OpenNewestNotificationAsync());
        Assert.Equal($"/mentoring/mentorships/{mentorship.Id}", await mentorClient.OpenNewestNotificationAsync());
    }

    [Fact]
    public async Task The_circle_hears_of_a_new_session_and_a_mentee_who_left_neither_sees_nor_is_emailed_it()
    {
        var pair = await App.PairAsync(Members);
        await App.SetEmailFrequencyAsync(pair.Mentee, EmailFrequency.Immediately);
        await pair.MenteeClient.SubmitAsync("/notifications", new Dictionary<string, string>(), "form[action*='handler=ReadAll']"); // the acceptance, seen
        async Task<string> ScheduleAsync(string title) => (await pair.MentorClient.SubmitAsync($"/mentoring/circles/{pair.Circle.Id}", new Dictionary<string, string>
            { ["Title"] = title, ["StartsAt"] = DateTime.UtcNow.AddDays(3).ToString("yyyy-MM-ddTHH:mm"), ["Minutes"] = "45" }, "form[action*='handler=Schedule']")).Location!;

        var first = await ScheduleAsync("First session");
        Assert.Equal("Meena Mentor scheduled a coaching session: “First session”", (await pair.MenteeClient.NotificationsAsync())[0]);
        Assert.DoesNotContain(await pair.MentorClient.NotificationsAsync(), n => n.Contains("scheduled")); // not told of their own
        Assert.Equal(first, await pair.MenteeClient.OpenNewestNotificationAsync());

        // A second session, then the mentee leaves before the email goes: the notification goes with their access.
        await ScheduleAsync("Second session");
        Assert.Equal("Meena Mentor scheduled a coaching session: “Second session”", (await pair.MenteeClient.NotificationsAsync())[0]);
        await pair.MentorClient.SubmitAsync($"/mentoring/circles/{pair.Circle.Id}", new Dictionary<string, string>(), "form[action*='handler=Remove']");
        Assert.DoesNotContain(await pair.MenteeClient.NotificationsAsync(), n => n.Contains("Second session"));
        await Mailer.SendDueAsync(DateTimeOffset.UtcNow.AddMinutes(6), default);
        Assert.DoesNotContain(Mail.For(pair.Mentee.Email), m => (m.TextBody ?? "").Contains("Second session"));
    }

    [Fact]
    public async Task A_session_notification_is_not_emailed_to_someone_no_longer_in_the_circle()
    {
        var pair = await App.PairAsync(Members);
        await App.SetEmailFrequencyAsync(pair.Mentee, EmailFrequency.Immediately);
        await pair.MentorClient.SubmitAsync($"/mentoring/circles/{pair.Circle.Id}", new Dictionary<string, string>
            { ["Title"] = "Planning session", ["StartsAt"] = DateTime.UtcNow.AddDays(3).ToString("yyyy-MM-ddTHH:mm") }, "form[action*='handler=Schedule']");
        // The circle's space loses the mentee by another way than ending the mentorship (the notification itself stays).
        await using (var session = App.Store.LightweightSession())
        {
            var space = await session.LoadAsync<KnowledgeHub.Features.Forum.Space>(pair.Circle.SpaceId);
            space!.MemberIds.Remove(pair.Mentee.Id);
            session.Store(space);
            await session.SaveChangesAsync();
        }
        await Mailer.SendDueAsync(DateTimeOffset.UtcNow.AddMinutes(6), default);
        var mails = Mail.For(pair.Mentee.Email);
        Assert.Contains(mails, m => (m.TextBody ?? "").Contains("accepted your mentoring request")); // the acceptance is theirs to keep
        Assert.DoesNotContain(mails, m => (m.TextBody ?? "").Contains("Planning session"));
    }

    [Fact]
    public async Task Circle_members_hear_of_a_new_coaching_thread_without_following_the_circle()
    {
        var pair = await App.PairAsync(Members);
        await pair.MenteeClient.StartThreadAsync(pair.Slug, "Our first coaching thread", "Where shall we start?");
        Assert.Contains(await pair.MentorClient.NotificationsAsync(), n => n.Contains("Our first coaching thread"));
        Assert.DoesNotContain(await pair.MenteeClient.NotificationsAsync(), n => n.Contains("Our first coaching thread"));
    }
}
