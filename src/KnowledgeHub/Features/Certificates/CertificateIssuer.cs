using System.Security.Cryptography;
using KnowledgeHub.Features.Courses;
using KnowledgeHub.Features.Members;
using KnowledgeHub.Infrastructure;
using Marten;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Features.Certificates;

/// <summary>Makes the certificate (code, copy of names, signed credential) inside the session that records completion.</summary>
public sealed class CertificateIssuer(CredentialKeys keys, IOptions<SiteOptions> site, IHttpContextAccessor http, TimeProvider clock)
{
    public async Task<Certificate> IssueAsync(IDocumentSession session, Member member, CourseVersion course, CancellationToken ct)
    {
        var (list, index) = await StatusList.AssignAsync(session, ct);
        var certificate = new Certificate
        {
            Id = Certificate.NewCode(), MemberId = member.Id, MemberName = member.Name, Slug = course.Slug, Version = course.Number,
            CourseTitle = course.Title, IssuedAt = clock.GetUtcNow(), StatusList = list, StatusListIndex = index,
        };
        var baseUrl = BaseUrl();
        var (key, rsa) = await keys.ActiveAsync(ct);
        using (rsa)
        {
            var credential = OpenBadgeCredential.Build(certificate, course, member.Email, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)), baseUrl, site.Value.Name);
            certificate.Credential = OpenBadgeCredential.Sign(credential, key, rsa, baseUrl);
            certificate.KeyId = key.Id;
        }
        session.Insert(certificate);
        return certificate;
    }

    /// <summary>The configured public address; without one, the address of the request being served.</summary>
    public string BaseUrl() => site.Value.PublicUrl?.TrimEnd('/') is { Length: > 0 } configured ? configured
        : http.HttpContext is { } context ? $"{context.Request.Scheme}://{context.Request.Host}" : "http://localhost";
}
