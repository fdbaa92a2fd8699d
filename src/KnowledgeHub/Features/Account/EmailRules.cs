using System.Net.Mail;
using KnowledgeHub.Infrastructure.Text;

namespace KnowledgeHub.Features.Account;

public static class EmailRules
{
    public const int MaxLength = 254;

    /// <summary>Returns the reason (an interface text key) or null when the address looks deliverable.</summary>
    public static string? Problem(string? email)
    {
        if (string.IsNullOrWhiteSpace(email)) return "Enter your email address.";
        if (TextRules.HasForbiddenCharacters(email)) return "This contains invisible or invalid characters. Please retype it.";
        var trimmed = email.Trim();
        if (trimmed.Length > MaxLength) return "This email address is too long.";
        if (!MailAddress.TryCreate(trimmed, out var parsed) || parsed.Address != trimmed || trimmed.Contains(' ') || !trimmed.Contains('@'))
            return "Enter an email address like name@example.org.";
        return null;
    }
}
