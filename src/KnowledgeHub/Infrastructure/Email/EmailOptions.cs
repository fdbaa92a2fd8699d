namespace KnowledgeHub.Infrastructure.Email;

public sealed class EmailOptions
{
    /// <summary>"Pickup" writes .eml files to <see cref="PickupDirectory"/>; "Smtp" sends through <see cref="Smtp"/>.</summary>
    public string Mode { get; set; } = "Pickup";
    public string PickupDirectory { get; set; } = ".data/mail";
    public string FromAddress { get; set; } = "knowledgehub@localhost";
    public string FromName { get; set; } = "KnowledgeHub";
    public SmtpOptions Smtp { get; set; } = new();
}

public sealed class SmtpOptions
{
    public string Host { get; set; } = "";
    public int Port { get; set; } = 587;
    /// <summary>None, StartTls or SslOnConnect.</summary>
    public string Security { get; set; } = "StartTls";
    public string? UserName { get; set; }
    public string? Password { get; set; }
}
