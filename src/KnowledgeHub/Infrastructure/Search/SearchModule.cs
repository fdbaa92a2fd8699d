using Marten;

namespace KnowledgeHub.Infrastructure.Search;

public static class SearchModule
{
    /// <summary>The engine: options, the change feed in every Marten session, this node's index owner and the query service.</summary>
    public static IServiceCollection AddSearch(this IServiceCollection services)
    {
        services.AddOptions<SearchOptions>().BindConfiguration("Search");
        services.AddSingleton<IConfigureMarten, SearchMartenConfiguration>();
        services.AddSingleton<SearchIndex>();
        services.AddHostedService(sp => sp.GetRequiredService<SearchIndex>());
        services.AddMemoryCache();
        services.AddScoped<SearchService>();
        return services;
    }

    /// <summary>A kind of content becomes searchable by registering its source (and, if it has private parts, an audience).</summary>
    public static IServiceCollection AddSearchSource<TSource>(this IServiceCollection services) where TSource : class, ISearchSource
    {
        services.AddSingleton<ISearchSource, TSource>();
        return services;
    }

    private sealed class SearchMartenConfiguration : IConfigureMarten
    {
        public void Configure(IServiceProvider services, StoreOptions options) => SearchChanges.AddSchema(options);
    }
}
