using System.Text.RegularExpressions;
using MimeKit;

namespace KnowledgeHub.Tests.Infrastructure;

/// <summary>Reads the .eml files the pickup-folder sender wrote, as a person reads their inbox.</summary>
public sealed partial class Mailbox(string directory)
{
    public IReadOnlyList<MimeMessage> For(string email) => Directory.GetFiles(directory, "*.eml").Order()
        .Select(f => MimeMessage.Load(f))
        .Where(m => m.To.Mailboxes.Any(a => a.Address.Equals(email, StringComparison.OrdinalIgnoreCase)))
        .ToList();

    /// <summary>The path and query of the first link in the newest email to this address whose link contains <paramref name="contains"/>.</summary>
    public string LinkFor(string email, string contains)
    {
        var message = For(email).LastOrDefault(m => (m.TextBody ?? "").Contains(contains))
            ?? throw new InvalidOperationException($"No email with a '{contains}' link for {email}");
        var url = new Uri(Link().Match(message.TextBody!).Value);
        return url.PathAndQuery;
    }

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex Link();
}
