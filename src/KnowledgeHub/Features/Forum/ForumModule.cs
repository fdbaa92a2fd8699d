using KnowledgeHub.Infrastructure.Search;
using KnowledgeHub.Features.Content;
using KnowledgeHub.Features.Notifications;
using Marten;
using Microsoft.AspNetCore.SignalR;

namespace KnowledgeHub.Features.Forum;

public static class ForumModule
{
    public const string HubPath = "/hubs/forum";

    public static IServiceCollection AddForum(this IServiceCollection services)
    {
        services.AddOptions<ForumOptions>().BindConfiguration("Forum").ValidateOnStart();
        services.AddScoped<PostText>();
        services.AddScoped<PostWriter>();
        services.AddSearchSource<ForumSearch>();
        services.AddSingleton<ISearchAudienceProvider, ForumSearchAudience>();
        services.AddSingleton<ForumNotifier>();
        services.AddSingleton<Presence>();
        services.AddSingleton<PostFragments>();
        services.AddSingleton<PostPages>();
        services.AddSingleton<KeptDocuments>();
        services.AddSingleton<ForumReadCache>();
        services.AddHostedService<ForumReadChanges>();
        services.AddScoped<ThreadView>();
        services.AddScoped<KnowledgeHub.Features.Notifications.NotificationCounter>();
        services.AddOptions<KnowledgeHub.Features.Notifications.NotificationMailOptions>().BindConfiguration("NotificationMail");
        services.AddSingleton<KnowledgeHub.Features.Notifications.NotificationMailer>();
        services.AddHostedService(sp => sp.GetRequiredService<KnowledgeHub.Features.Notifications.NotificationMailer>());
        services.AddSingleton<IContentImporter, SpaceImporter>();
        services.AddScoped<KnowledgeHub.Features.Moderation.Flagging>();
        services.AddSignalR(o =>
        {
            o.MaximumReceiveMessageSize = 16 * 1024;
            o.AddFilter<AccessClockHubFilter>();
        });
        services.ConfigureMarten((sp, o) =>
        {
            o.Listeners.Add(new ForumReadCacheListener(sp.GetRequiredService<ForumReadCache>()));
            o.Schema.For<Space>().Index(s => s.Slug);
            o.Schema.For<ForumThread>().Index(t => t.SpaceId).Index(t => t.LastActivityAt);
            o.Schema.For<Post>().UniqueIndex(p => p.ThreadId, p => p.Number).Index(p => p.AuthorId);
            o.Schema.For<ThreadEvent>().Index(e => e.ThreadId);
            o.Schema.For<Reading>().Index(r => r.ThreadId).Index(r => r.MemberId);
            o.Schema.For<SpaceWatch>().Index(w => w.SpaceId);
            o.Schema.For<Draft>().Index(d => d.MemberId);
            // The list reads all of a member's notifications; every page counts only the unread ones, which this partial
            // index holds alone (so the count does not grow with a member's history).
            o.Schema.For<Notification>().Index(n => n.MemberId)
                .Index(n => n.MemberId, i => (i.Name, i.Predicate) = ("mt_doc_notification_idx_unread_member_id", "data ->> 'ReadAt' is null"));
            o.Schema.For<KnowledgeHub.Features.Moderation.Flag>().Index(f => f.PostId).Index(f => f.SpaceId);
        });
        return services;
    }

    public static WebApplication MapForum(this WebApplication app)
    {
        app.MapHub<ForumHub>(HubPath);
        return app;
    }
}
