using KnowledgeHub.Features.Members;
using KnowledgeHub.Features.Notifications;
using KnowledgeHub.Tests.Forum;
using KnowledgeHub.Tests.Infrastructure;
using Marten;
using Marten.Patching;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeHub.Tests.Notifications;

public sealed class NotificationMailTests(AppFixture app) : AppTest(app)
{
    private NotificationMailer Mailer => App.Factory.Services.GetRequiredService<NotificationMailer>();

    private async Task SetFrequencyAsync(Member member, EmailFrequency frequency)
    {
        await using var session = App.Store.LightweightSession();
        session.Patch<Member>(member.Id).Set(m => m.EmailNotifications, frequency);
        await session.SaveChangesAsync();
    }

    [Fact]
    public async Task Immediate_emails_wait_a_few_minutes_group_what_is_due_and_never_repeat()
    {
        var asha = await Members.AddAsync("Asha");
        var rafiq = await Members.AddAsync("Rafiq");
        await SetFrequencyAsync(rafiq, EmailFrequency.Immediately);
        var id = await (await Members.SignedInAsync(asha)).StartThreadAsync("peer-learning", "Mentions by email", $"Hello @{rafiq.Handle}");
        var now = DateTimeOffset.UtcNow;

        Assert.Equal(0, await Mailer.SendDueAsync(now, default));
        Assert.Equal(1, await Mailer.SendDueAsync(now.AddMinutes(6), default));
        var mail = Assert.Single(Mail.For(rafiq.Email));
        Assert.Contains("Asha mentioned you in “Mentions by email”", mail.Subject);
        Assert.Contains($"http://localhost/t/{id}/1", mail.TextBody);
        Assert.Equal(0, await Mailer.SendDueAsync(now.AddMinutes(12), default));
        Assert.Single(Mail.For(rafiq.Email));
    }

    [Fact]
    public async Task A_daily_digest_collects_notifications_once_a_day_and_skips_what_was_read()
    {
        var asha = await Members.AddAsync("Asha");
        var rafiq = await Members.AddAsync("Rafiq"); // daily is the default
        var ashaClient = await Members.SignedInAsync(asha);
        await ashaClient.StartThreadAsync("peer-learning", "First mention", $"@{rafiq.Handle} one");
        await ashaClient.StartThreadAsync("peer-learning", "Second mention", $"@{rafiq.Handle} two");
        var now = DateTimeOffset.UtcNow;

        Assert.Equal(1, await Mailer.SendDueAsync(now, default));
        var digest = Assert.Single(Mail.For(rafiq.Email));
        Assert.Contains("2 new notifications", digest.Subject);
        Assert.Contains("First mention", digest.TextBody);
        Assert.Contains("Second mention", digest.TextBody);

        await ashaClient.StartThreadAsync("peer-learning", "Third mention", $"@{rafiq.Handle} three");
        await ashaClient.StartThreadAsync("peer-learning", "Fourth mention, read in the app", $"@{rafiq.Handle} four");
        var rafiqClient = await Members.SignedInAsync(rafiq);
        await rafiqClient.SubmitAsync("/notifications", new Dictionary<string, string>(), "form[action*='handler=Open']"); // newest first: opens the fourth
        Assert.Equal(0, await Mailer.SendDueAsync(now.AddHours(2), default));
        Assert.Equal(1, await Mailer.SendDueAsync(now.AddHours(25), default));
        var second = Mail.For(rafiq.Email)[1];
        Assert.Contains("Third mention", second.Subject + second.TextBody);
        Assert.DoesNotContain("Fourth mention", second.TextBody);
    }

    [Fact]
    public async Task A_member_removed_from_a_private_space_is_not_emailed_its_titles_and_never_means_never()
    {
        var insider = await Members.AddAsync("Insider");
        var leaving = await Members.AddAsync("Leaving");
        var quiet = await Members.AddAsync("Quiet");
        await SetFrequencyAsync(quiet, EmailFrequency.Never);
        await App.AddToSpaceAsync("network-secretariat", insider);
        await App.AddToSpaceAsync("network-secretariat", leaving);
        await App.AddToSpaceAsync("network-secretariat", quiet);
        await (await Members.SignedInAsync(insider)).StartThreadAsync("network-secretariat", "Restructuring plan", $"@{leaving.Handle} @{quiet.Handle} please read");

        await using (var session = App.Store.LightweightSession())
        {
            var space = await session.LoadAsync<KnowledgeHub.Features.Forum.Space>("spaces/network-secretariat");
            space!.MemberIds.Remove(leaving.Id);
            session.Store(space);
            await session.SaveChangesAsync();
        }
        Assert.Equal(0, await Mailer.SendDueAsync(DateTimeOffset.UtcNow.AddDays(8), default));
        Assert.Empty(Mail.For(leaving.Email));
        Assert.Empty(Mail.For(quiet.Email));
    }

    [Fact]
    public async Task Members_choose_their_email_frequency_in_preferences()
    {
        var member = await Members.AddAsync();
        var client = await Members.SignedInAsync(member);
        await client.SubmitAsync("/preferences", new Dictionary<string, string> { ["frequency"] = "Weekly" }, handler: "Email");
        Assert.Equal(EmailFrequency.Weekly, (await Members.LoadAsync(member.Id))!.EmailNotifications);
    }
}
