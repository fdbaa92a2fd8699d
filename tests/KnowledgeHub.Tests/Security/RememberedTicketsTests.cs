using System.Security.Claims;
using KnowledgeHub.Infrastructure.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;

namespace KnowledgeHub.Tests.Security;

/// <summary>The sign-in cookie's ticket is remembered by its text, and every request still gets a copy of its own.</summary>
public sealed class RememberedTicketsTests
{
    private sealed class CountingFormat(ISecureDataFormat<AuthenticationTicket> inner) : ISecureDataFormat<AuthenticationTicket>
    {
        public int Reads;
        public string Protect(AuthenticationTicket data) => inner.Protect(data);
        public string Protect(AuthenticationTicket data, string? purpose) => inner.Protect(data, purpose);
        public AuthenticationTicket? Unprotect(string? protectedText) => Unprotect(protectedText, null);
        public AuthenticationTicket? Unprotect(string? protectedText, string? purpose) { Reads++; return inner.Unprotect(protectedText, purpose); }
    }

    [Fact]
    public void A_cookie_is_read_once_each_request_gets_its_own_copy_and_a_tampered_cookie_is_refused_every_time()
    {
        var protector = DataProtectionProvider.Create("tickets-test").CreateProtector("cookie");
        var counting = new CountingFormat(new TicketDataFormat(protector));
        var tickets = new RememberedTickets(counting, TimeProvider.System);
        var identity = new ClaimsIdentity([new(ClaimTypes.NameIdentifier, "3f0c9a1e-0000-4000-8000-000000000001"), new(ClaimTypes.Role, "Member")], "Cookies");
        var cookie = tickets.Protect(new AuthenticationTicket(new ClaimsPrincipal(identity), new AuthenticationProperties { ExpiresUtc = DateTimeOffset.UtcNow.AddDays(1) }, "Cookies"));

        var first = tickets.Unprotect(cookie)!;
        ((ClaimsIdentity)first.Principal.Identity!).AddClaim(new Claim(ClaimTypes.Role, "Administrator")); // one request changes its user...
        first.Properties.Items["mine"] = "only";
        var second = tickets.Unprotect(cookie)!;
        Assert.Equal(1, counting.Reads); // ...the second request was answered from memory...
        Assert.False(second.Principal.IsInRole("Administrator")); // ...and does not see it
        Assert.False(second.Properties.Items.ContainsKey("mine"));
        Assert.True(second.Principal.IsInRole("Member"));
        Assert.Equal(first.Properties.ExpiresUtc, second.Properties.ExpiresUtc);

        var tampered = cookie[..^4] + (cookie[^4] == 'A' ? "B" : "A") + cookie[^3..];
        Assert.Null(tickets.Unprotect(tampered));
        Assert.Null(tickets.Unprotect(tampered));
        Assert.Equal(3, counting.Reads); // refused each time, never remembered
        Assert.Null(tickets.Unprotect(null));
    }
}
