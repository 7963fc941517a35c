using Microsoft.Extensions.DependencyInjection;

namespace SmsBuyz.Analytics.Export;

public static class ExportServiceCollectionExtensions
{
    /// <summary>CSV files of what is stored: prices, orders, payments.</summary>
    public static IServiceCollection AddExport(this IServiceCollection services) => services.AddSingleton<CsvExporter>();
}
