using KnowledgeHub.Features.Members;
using KnowledgeHub.Tests.Infrastructure;
using Marten.Patching;

namespace KnowledgeHub.Tests.Notifications;

/// <summary>Reading notifications as a member does: the list on /notifications, and where opening the newest leads.</summary>
public static class NotificationHelpers
{
    public static async Task<IReadOnlyList<string>> NotificationsAsync(this TestClient client) =>
        (await client.GetAsync("/notifications")).Document.QuerySelectorAll(".notifications li button").Select(b => b.TextContent.Trim()).ToList();

    /// <summary>Opens the newest notification; returns the page it leads to.</summary>
    public static async Task<string?> OpenNewestNotificationAsync(this TestClient client) =>
        (await client.SubmitAsync("/notifications", new Dictionary<string, string>(), "form[action*='handler=Open']")).Location;

    public static async Task SetEmailFrequencyAsync(this AppFixture app, Member member, EmailFrequency frequency)
    {
        await using var session = app.Store.LightweightSession();
        session.Patch<Member>(member.Id).Set(m => m.EmailNotifications, frequency);
        await session.SaveChangesAsync();
    }
}
