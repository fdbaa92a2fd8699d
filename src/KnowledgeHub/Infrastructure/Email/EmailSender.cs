using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace KnowledgeHub.Infrastructure.Email;

public sealed record EmailMessage(string ToAddress, string ToName, string Subject, string TextBody, string HtmlBody);

public interface IEmailSender
{
    Task SendAsync(EmailMessage message, CancellationToken ct = default);
}

public static class EmailModule
{
    public static IServiceCollection AddEmail(this IServiceCollection services)
    {
        services.AddOptions<EmailOptions>().BindConfiguration("Email")
            .Validate(o => o.Mode is "Pickup" or "Smtp", "Email:Mode must be Pickup or Smtp.")
            .Validate(o => o.Mode != "Smtp" || !string.IsNullOrWhiteSpace(o.Smtp.Host), "Email:Smtp:Host is required when Email:Mode is Smtp.")
            .ValidateOnStart();
        services.AddSingleton<IEmailSender>(sp => sp.GetRequiredService<IOptions<EmailOptions>>().Value.Mode == "Smtp"
            ? ActivatorUtilities.CreateInstance<SmtpEmailSender>(sp)
            : ActivatorUtilities.CreateInstance<PickupFolderEmailSender>(sp));
        return services;
    }

    internal static MimeMessage ToMime(EmailMessage message, EmailOptions options) => new()
    {
        From = { new MailboxAddress(options.FromName, options.FromAddress) },
        To = { new MailboxAddress(message.ToName, message.ToAddress) },
        Subject = message.Subject,
        Body = new BodyBuilder { TextBody = message.TextBody, HtmlBody = message.HtmlBody }.ToMessageBody(),
    };
}

/// <summary>Sends through a real SMTP server with MailKit.</summary>
public sealed class SmtpEmailSender(IOptions<EmailOptions> options, ILogger<SmtpEmailSender> logger) : IEmailSender
{
    public async Task SendAsync(EmailMessage message, CancellationToken ct = default)
    {
        var o = options.Value;
        using var client = new SmtpClient();
        var security = Enum.TryParse<SecureSocketOptions>(o.Smtp.Security, true, out var s) ? s : SecureSocketOptions.StartTls;
        await client.ConnectAsync(o.Smtp.Host, o.Smtp.Port, security, ct);
        if (!string.IsNullOrEmpty(o.Smtp.UserName)) await client.AuthenticateAsync(o.Smtp.UserName, o.Smtp.Password ?? "", ct);
        await client.SendAsync(EmailModule.ToMime(message, o), ct);
        await client.DisconnectAsync(true, ct);
        logger.LogInformation("Sent email {Subject} to {To} through {Host}", message.Subject, message.ToAddress, o.Smtp.Host);
    }
}

/// <summary>Development sender: each message becomes an .eml file in the pickup folder, readable by any mail client.</summary>
public sealed class PickupFolderEmailSender(IOptions<EmailOptions> options, IHostEnvironment environment, ILogger<PickupFolderEmailSender> logger) : IEmailSender
{
    public string Directory => AppPaths.Resolve(options.Value.PickupDirectory, environment.ContentRootPath);

    public async Task SendAsync(EmailMessage message, CancellationToken ct = default)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var path = Path.Combine(Directory, $"{DateTime.UtcNow:yyyyMMdd-HHmmss-fff}-{Guid.NewGuid():N}.eml");
        await EmailModule.ToMime(message, options.Value).WriteToAsync(path, ct);
        logger.LogInformation("Wrote email {Subject} to {To} as {Path}", message.Subject, message.ToAddress, path);
    }
}
