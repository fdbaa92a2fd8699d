using System.Threading.RateLimiting;
using KnowledgeHub.Features.Certificates;
using KnowledgeHub.Features.Content;
using KnowledgeHub.Infrastructure.Search;
using Marten;

namespace KnowledgeHub.Features.Courses;

public static class CoursesModule
{
    /// <summary>Verification look-ups by anyone (page, PDF, credential): counted per client address.</summary>
    public const string LookupPolicy = "certificate-lookups";
    public const string DiscussionSpace = "spaces/courses";

    public static IServiceCollection AddCourses(this IServiceCollection services)
    {
        services.AddOptions<CertificateOptions>().BindConfiguration("Certificates").ValidateOnStart();
        services.AddSingleton<CourseParser>();
        services.AddSingleton<CoursePublisher>();
        services.AddSingleton<IContentImporter, CourseImporter>();
        services.AddScoped<CourseLearning>();
        services.AddSingleton<CredentialKeys>();
        services.AddScoped<CertificateIssuer>();
        services.AddSingleton<CertificatePdf>();
        services.AddScoped<LessonDiscussions>();
        services.AddSearchSource<CourseSearch>();
        services.ConfigureMarten(o =>
        {
            o.Schema.For<Course>();
            o.Schema.For<CourseVersion>().Index(v => v.Slug);
            o.Schema.For<Enrolment>().Index(e => e.MemberId).Index(e => e.Slug);
            o.Schema.For<QuizAttempt>().Index(a => a.MemberId).Index(a => a.Slug);
            o.Schema.For<LessonDiscussion>();
            o.Schema.For<CourseDraft>();
            o.Schema.For<Certificate>().UniqueIndex(c => c.MemberId, c => c.Slug, c => c.Version).Index(c => c.Slug)
                .UniqueIndex(c => c.StatusList!, c => c.StatusListIndex!); // one certificate per status list position
            o.Schema.For<CredentialKey>();
        });
        services.AddRateLimiter(o => o.AddPolicy(LookupPolicy, context =>
        {
            var limit = context.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<CertificateOptions>>().Value.LookupsPerMinute;
            return RateLimitPartition.GetFixedWindowLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = limit, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
        }));
        return services;
    }

    public static WebApplication MapCourses(this WebApplication app)
    {
        CertificateEndpoints.Map(app);
        return app;
    }
}
