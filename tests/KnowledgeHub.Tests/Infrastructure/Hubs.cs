using KnowledgeHub.Features.Forum;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace KnowledgeHub.Tests.Infrastructure;

public static class Hubs
{
    /// <summary>A live connection to the forum hub through the test server, signed in with this auth cookie ("kh.auth=…").</summary>
    public static async Task<HubConnection> ConnectAsync(AppFactory factory, string authCookie)
    {
        var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(factory.Server.BaseAddress, ForumModule.HubPath), o =>
            {
                o.HttpMessageHandlerFactory = _ => factory.Server.CreateHandler();
                o.Transports = HttpTransportType.LongPolling;
                o.Headers["Cookie"] = authCookie;
            })
            .Build();
        await hub.StartAsync();
        return hub;
    }
}
