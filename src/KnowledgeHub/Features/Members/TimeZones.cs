using System.Globalization;
using KnowledgeHub.Features.Forum;
using Marten;
using System.Security.Claims;

namespace KnowledgeHub.Features.Members;

/// <summary>
/// The time zone a member reads times in: the one they chose in their preferences (an IANA id), else their country's
/// when the country has just one, else none (times stay in UTC). Times are stored in UTC and converted only for showing.
/// </summary>
public static class TimeZones
{
    /// <summary>Countries of the network's region with a single time zone: a member there need not choose one.</summary>
    private static readonly Dictionary<string, string> SingleZoneCountries = new()
    {
        ["AF"] = "Asia/Kabul", ["BD"] = "Asia/Dhaka", ["BT"] = "Asia/Thimphu", ["CN"] = "Asia/Shanghai", ["IN"] = "Asia/Kolkata",
        ["JP"] = "Asia/Tokyo", ["KH"] = "Asia/Phnom_Penh", ["KR"] = "Asia/Seoul", ["LA"] = "Asia/Vientiane", ["LK"] = "Asia/Colombo",
        ["MM"] = "Asia/Yangon", ["MV"] = "Indian/Maldives", ["NP"] = "Asia/Kathmandu", ["PH"] = "Asia/Manila", ["PK"] = "Asia/Karachi",
        ["SG"] = "Asia/Singapore", ["TH"] = "Asia/Bangkok", ["TL"] = "Asia/Dili", ["VN"] = "Asia/Ho_Chi_Minh",
    };

    /// <summary>The IANA ids this machine knows ("Region/City"), in order, for the preferences list.</summary>
    public static readonly IReadOnlyList<string> Ids = TimeZoneInfo.GetSystemTimeZones()
        .Select(z => z.HasIanaId ? z.Id : TimeZoneInfo.TryConvertWindowsIdToIanaId(z.Id, out var iana) ? iana : null)
        .OfType<string>().Where(id => id.Contains('/') && !id.StartsWith("Etc/", StringComparison.Ordinal)).Distinct().Order(StringComparer.Ordinal).ToList();

    /// <summary>A zone from the list by IANA id, or null for anything else (what a member sends is checked against the list).</summary>
    public static TimeZoneInfo? Find(string? id) => id is not null && Ids.Contains(id) ? Load(id) : null;

    public static string? ForCountry(string? country) => country is not null && SingleZoneCountries.TryGetValue(country, out var id) ? id : null;

    public static TimeZoneInfo? Of(Member member) => Find(member.TimeZone) ?? (ForCountry(member.Country) is { } id ? Load(id) : null);

    private static TimeZoneInfo? Load(string id)
    {
        try { return TimeZoneInfo.FindSystemTimeZoneById(id); }
        catch (TimeZoneNotFoundException) { return null; } // a machine without time-zone data: times stay in UTC
        catch (InvalidTimeZoneException) { return null; }
    }

    /// <summary>The signed-in reader's zone, or null (a visitor, or nothing chosen and no obvious one).</summary>
    public static async Task<TimeZoneInfo?> OfReaderAsync(this IQuerySession session, ClaimsPrincipal user, CancellationToken ct) =>
        user.MemberId() is Guid id && await session.LoadAsync<Member>(id, ct) is { } member ? Of(member) : null;

    /// <summary>A stored UTC time as the reader sees it ("2025-07-01 14:45 Asia/Kathmandu"), and in UTC for the tooltip.</summary>
    public static (string Local, string Utc) Show(DateTimeOffset at, TimeZoneInfo? zone)
    {
        var utc = at.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";
        if (zone is null) return (utc, utc);
        var local = TimeZoneInfo.ConvertTime(at, zone);
        return ($"{local.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} {zone.Id}", utc);
    }

    /// <summary>A time typed in the reader's zone (or UTC when they have none) as UTC; null when that minute does not exist there (clocks went forward).</summary>
    public static DateTimeOffset? ToUtc(DateTime typed, TimeZoneInfo? zone)
    {
        var unspecified = DateTime.SpecifyKind(typed, DateTimeKind.Unspecified);
        if (zone is null) return new DateTimeOffset(unspecified, TimeSpan.Zero);
        if (zone.IsInvalidTime(unspecified)) return null;
        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(unspecified, zone), TimeSpan.Zero);
    }

    /// <summary>Now, in the reader's zone, for pre-filling a form.</summary>
    public static DateTime Local(DateTimeOffset now, TimeZoneInfo? zone) => zone is null ? now.UtcDateTime : TimeZoneInfo.ConvertTime(now, zone).DateTime;
}
