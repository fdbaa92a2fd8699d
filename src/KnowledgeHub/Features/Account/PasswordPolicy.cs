namespace KnowledgeHub.Features.Account;

/// <summary>Length over complexity rules (NIST 800-63B): at least 10 characters, not a well-known password, not your email or name.</summary>
public static class PasswordPolicy
{
    public const int MinLength = 10;
    public const int MaxLength = 128;

    private static readonly HashSet<string> Common = new(StringComparer.OrdinalIgnoreCase)
    {
        "1234567890", "12345678910", "0123456789", "1111111111", "0000000000", "password123", "password12", "password1!",
        "passw0rd123", "qwertyuiop", "qwerty12345", "1q2w3e4r5t", "abcdefghij", "iloveyou12", "welcome123", "letmein123",
        "admin12345", "administrator", "changeme123", "knowledgehub", "knowledgehub1", "1234567890a", "aaaaaaaaaa", "zaq12wsxcde",
    };

    /// <summary>Returns the reason (an interface text key) or null when the password is acceptable.</summary>
    public static string? Problem(string? password, string? email, string? name)
    {
        if (string.IsNullOrEmpty(password)) return "Enter a password.";
        if (password.Length < MinLength) return "Use at least 10 characters.";
        if (password.Length > MaxLength) return "Use at most 128 characters.";
        if (Common.Contains(password) || password.Distinct().Count() < 4) return "This password is too easy to guess. Try a short sentence you will remember.";
        var local = email?.Split('@')[0];
        if ((local is { Length: >= 4 } && password.Contains(local, StringComparison.OrdinalIgnoreCase)) ||
            (!string.IsNullOrWhiteSpace(name) && name.Length >= 4 && password.Contains(name.Trim(), StringComparison.OrdinalIgnoreCase)))
            return "Do not use your name or email address in your password.";
        return null;
    }
}
