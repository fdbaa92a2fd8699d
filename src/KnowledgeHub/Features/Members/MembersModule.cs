using KnowledgeHub.Features.Admin;
using KnowledgeHub.Features.Organisations;
using KnowledgeHub.Infrastructure.Search;
using Marten;

namespace KnowledgeHub.Features.Members;

public static class MembersModule
{
    public static IServiceCollection AddMembers(this IServiceCollection services)
    {
        services.AddOptions<FirstAdministratorOptions>().BindConfiguration("Admin");
        services.AddScoped<MemberAdministration>();
        services.AddHostedService<FirstAdministrator>();
        services.AddSearchSource<MemberSearch>();
        services.ConfigureMarten(o =>
        {
            o.Schema.For<Organisation>().UniqueIndex(x => x.Key).Index(x => x.Name);
            o.Schema.For<AuditEntry>().Index(x => x.At);
        });
        return services;
    }
}
