using Marten.Schema;

namespace KnowledgeHub.Features.Members;

public enum Sector { Government, CivilSociety, Academia, PrivateSector, DevelopmentPartner, Practitioner }

public enum Level { National, SubNational, Local }

public enum Role { Member, Mentor, Moderator, Administrator, CourseAuthor }

/// <summary>How a member wants notifications by email: each soon after it happens, in a daily or weekly digest, or never.</summary>
public enum EmailFrequency { Daily, Immediately, Weekly, Never }

/// <summary>A person in the network. Ids are random (never sequential) because they appear in URLs.</summary>
[UseOptimisticConcurrency]
public sealed class Member
{
    public Guid Id { get; set; } = Guid.NewGuid();
    [Version] public Guid Version { get; set; }

    public string Name { get; set; } = "";
    /// <summary>Unique, for @mentions: letters of any script, digits, '.', '_'.</summary>
    public string Handle { get; set; } = "";
    public string Email { get; set; } = "";
    public string EmailNormalized { get; set; } = "";
    public bool EmailConfirmed { get; set; }
    public string PasswordHash { get; set; } = "";
    /// <summary>Changes when credentials, roles or status change; signed-in cookies carrying the old one are rejected.</summary>
    public string SecurityStamp { get; set; } = NewStamp();

    public Guid? OrganisationId { get; set; }
    public string OrganisationName { get; set; } = "";
    public Sector Sector { get; set; }
    public string Country { get; set; } = "";
    public Level Level { get; set; }
    public List<string> Languages { get; set; } = [];
    public List<string> Expertise { get; set; } = [];
    public string Bio { get; set; } = "";
    public string? PreferredCulture { get; set; }
    /// <summary>IANA id chosen in preferences; null follows the country when it has one zone (see <see cref="TimeZones"/>).</summary>
    public string? TimeZone { get; set; }
    public EmailFrequency EmailNotifications { get; set; } = EmailFrequency.Daily;
    public DateTimeOffset? LastDigestAt { get; set; }

    public List<Role> Roles { get; set; } = [Role.Member];
    public bool Suspended { get; set; }
    public string? SuspendedReason { get; set; }
    public DateTimeOffset? SuspendedAt { get; set; }

    public string? EmailTokenHash { get; set; }
    public DateTimeOffset? EmailTokenExpires { get; set; }
    public string? ResetTokenHash { get; set; }
    public DateTimeOffset? ResetTokenExpires { get; set; }

    public DateTimeOffset JoinedAt { get; set; } = DateTimeOffset.UtcNow;

    public bool Has(Role role) => Roles.Contains(role);

    public static string Normalize(string email) => email.Trim().ToUpperInvariant();

    public static string NewStamp() => Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
}

/// <summary>Sign-in counters live apart from the profile so a sign-in never conflicts with an open profile edit.</summary>
public sealed class SignInRecord
{
    public Guid Id { get; set; }
    public int FailedAttempts { get; set; }
    public DateTimeOffset? LockedUntil { get; set; }
    public DateTimeOffset? LastSignInAt { get; set; }
}
