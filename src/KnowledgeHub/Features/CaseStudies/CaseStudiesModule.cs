using KnowledgeHub.Features.Content;
using KnowledgeHub.Infrastructure.Search;
using Marten;

namespace KnowledgeHub.Features.CaseStudies;

public static class CaseStudiesModule
{
    public static IServiceCollection AddCaseStudies(this IServiceCollection services)
    {
        services.AddOptions<CaseStudyOptions>().BindConfiguration("CaseStudies").ValidateOnStart();
        services.AddSingleton<CaseStudyRules>();
        services.AddScoped<CaseStudyWorkflow>();
        services.AddSingleton<IContentImporter, CaseStudyImporter>();
        services.AddSearchSource<CaseStudySearch>();
        services.ConfigureMarten(o => o.Schema.For<CaseStudy>()
            .Index(c => c.Status).Index(c => c.Country).Index(c => c.AuthorId!).Index(c => c.FollowsId!));
        return services;
    }
}
