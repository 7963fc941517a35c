using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SmsBuyz.Analytics.Configuration;
using SmsBuyz.Analytics.Worker;

namespace SmsBuyz.Analytics.Page;

public static class PageServiceCollectionExtensions
{
    /// <summary>
    /// The page: its readers, and its endpoints as a part of the dashboard's web host, which serves it only while the
    /// worker runs (<c>run</c>, <c>demo</c>) with the dashboard enabled. Nothing else uses this folder.
    /// </summary>
    public static IServiceCollection AddPage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSettings<PageOptions, PageOptionsValidator>(configuration, PageOptions.Section);
        services.AddSingleton<MarketNow>();
        services.AddSingleton<BuyingNow>();
        services.AddSingleton<OverviewReader>();
        services.AddSingleton<OfferReader>();
        services.AddSingleton<OfferChart>();
        services.AddSingleton<ReportFolder>();
        services.AddSingleton<IDashboardPart, PageEndpoints>();
        return services;
    }
}
