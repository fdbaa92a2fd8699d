using KnowledgeHub.Features.Members;
using KnowledgeHub.Features.Notifications;
using KnowledgeHub.Tests.Infrastructure;
using KnowledgeHub.Tests.Notifications;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeHub.Tests.CaseStudies;

/// <summary>The author of a case study hears of every step a moderator takes with it, in the app and by email.</summary>
public sealed class ReviewNotificationTests(AppFixture app) : AppTest(app)
{
    private NotificationMailer Mailer => App.Factory.Services.GetRequiredService<NotificationMailer>();

    [Fact]
    public async Task The_author_hears_of_a_moderators_comment_request_for_changes_approval_and_unpublishing_but_not_of_their_own_notes()
    {
        var authorMember = await App.InCountryAsync(await Members.AddAsync("Rokeya Begum"), "BD");
        await App.SetEmailFrequencyAsync(authorMember, EmailFrequency.Immediately);
        var author = await Members.SignedInAsync(authorMember);
        var moderator = await Members.SignedInAsync(await Members.AddAsync("Moderator Mina", roles: [Role.Moderator]));
        var id = CaseStudyHelpers.IdFrom(await author.WriteAsync(CaseStudyHelpers.ValidFields("Story circles for fathers in tea gardens")));
        const string title = "“Story circles for fathers in tea gardens”";

        await moderator.ReviewAsync(id, "Comment", "Which district was this?");
        Assert.Equal([$"Moderator Mina commented on your case study {title}"], await author.NotificationsAsync());
        Assert.Equal($"/case-studies/{id}", await author.OpenNewestNotificationAsync());
        await author.ReviewAsync(id, "Comment", "Sylhet, in three tea gardens.");
        Assert.Single(await author.NotificationsAsync()); // their own answer tells them nothing

        await moderator.ReviewAsync(id, "ChangesRequested", "Please say how many volunteers led the circles.");
        Assert.Equal($"Moderator Mina asked for changes to your case study {title}", (await author.NotificationsAsync())[0]);
        Assert.Equal(1, await Mailer.SendDueAsync(DateTimeOffset.UtcNow.AddMinutes(6), default)); // the unread one; the comment was read in the app
        var mail = Assert.Single(Mail.For(authorMember.Email));
        Assert.Contains($"Moderator Mina asked for changes to your case study {title}", mail.Subject);
        Assert.Contains($"http://localhost/case-studies/{id}", mail.TextBody);

        await author.WriteAsync(new Dictionary<string, string> { ["Input.Figures[1].Value"] = "6", ["Input.Figures[1].Label"] = "volunteer fathers" }, $"/case-studies/write/{id}");
        await moderator.ReviewAsync(id, "Approved", "Thank you, a clear example.");
        Assert.Equal($"Moderator Mina approved and published your case study {title}", (await author.NotificationsAsync())[0]);
        Assert.Equal($"/case-studies/{id}", await author.OpenNewestNotificationAsync());

        await moderator.ReviewAsync(id, "Unpublished", "A family can be recognised in a photo.");
        Assert.Equal($"Moderator Mina unpublished your case study {title}", (await author.NotificationsAsync())[0]);
        Assert.Equal(4, (await author.NotificationsAsync()).Count);
        Assert.Empty(await moderator.NotificationsAsync());
    }
}
