using System.Net;
using System.Net.Sockets;
using System.Text;
using KnowledgeHub.Infrastructure.Email;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Tests.Email;

/// <summary>The MailKit sender holds a real SMTP conversation with a small SMTP peer on loopback.</summary>
public sealed class SmtpEmailSenderTests
{
    [Fact]
    public async Task Sends_a_message_over_SMTP_with_both_text_and_html()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var received = ReceiveOneAsync(listener);

        var sender = new SmtpEmailSender(Options.Create(new EmailOptions
        {
            Mode = "Smtp", FromAddress = "hub@example.org", FromName = "Hub",
            Smtp = new SmtpOptions { Host = "127.0.0.1", Port = port, Security = "None" },
        }), NullLogger<SmtpEmailSender>.Instance);
        await sender.SendAsync(new EmailMessage("rina@example.org", "Rina", "Confirm your email address", "Open http://x/confirm", "<p>Open</p>"));

        var (envelope, data) = await received.WaitAsync(TimeSpan.FromSeconds(30));
        listener.Stop();
        Assert.Contains("MAIL FROM:<hub@example.org>", envelope);
        Assert.Contains("RCPT TO:<rina@example.org>", envelope);
        Assert.Contains("Subject: Confirm your email address", data);
        Assert.Contains("text/plain", data);
        Assert.Contains("text/html", data);
        Assert.Contains("Open http://x/confirm", data);
    }

    private static async Task<(string Envelope, string Data)> ReceiveOneAsync(TcpListener listener)
    {
        using var client = await listener.AcceptTcpClientAsync();
        using var stream = client.GetStream();
        using var reader = new StreamReader(stream, Encoding.ASCII);
        using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
        var envelope = new StringBuilder();
        var data = new StringBuilder();
        await writer.WriteLineAsync("220 test.local ESMTP");
        while (await reader.ReadLineAsync() is { } line)
        {
            envelope.AppendLine(line);
            var verb = line.Split(' ')[0].ToUpperInvariant();
            switch (verb)
            {
                case "EHLO": await writer.WriteLineAsync("250-test.local\r\n250 8BITMIME"); break;
                case "DATA":
                    await writer.WriteLineAsync("354 go ahead");
                    while (await reader.ReadLineAsync() is { } d && d != ".") data.AppendLine(d);
                    await writer.WriteLineAsync("250 queued");
                    break;
                case "QUIT": await writer.WriteLineAsync("221 bye"); return (envelope.ToString(), data.ToString());
                default: await writer.WriteLineAsync("250 ok"); break;
            }
        }
        return (envelope.ToString(), data.ToString());
    }
}
