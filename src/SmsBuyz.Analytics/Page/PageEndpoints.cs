using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SmsBuyz.Analytics.Reports;
using SmsBuyz.Analytics.Worker;

namespace SmsBuyz.Analytics.Page;

/// <summary>
/// The page on the dashboard's web host, under its login rules: the overview at <c>/</c>, an offer's page at <c>/offer</c>
/// with its charts drawn on request, and the latest report under <c>/report/</c>. Server-rendered Razor components (the
/// engine encodes every value), no script, a meta refresh.
/// </summary>
public sealed class PageEndpoints(OverviewReader overview, OfferReader offers, OfferChart charts, ReportFolder report,
    IOptionsMonitor<PageOptions> options, IOptions<DashboardOptions> dashboard, TimeProvider time) : IDashboardPart
{
    /// <summary>
    /// Defence in depth beside the encoding: no script may run, nothing loads from elsewhere, no form posts anywhere else.
    /// Inline style only (each page carries its own).
    /// </summary>
    private const string Policy = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    public IReadOnlyList<DashboardAddress> Addresses { get; } = [new("page", "/")];

    public void AddServices(IServiceCollection services) => services.AddRazorComponents();

    /// <summary>A rising line on the page's header colour. Served without the login: browsers ask for it on every page, the report's too.</summary>
    private const string Icon = """
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#1d2a3f"/><polyline points="2,12 6,7 9,9 14,3" fill="none" stroke="#7fb2ff" stroke-width="2"/></svg>
        """;

    public void Map(WebApplication app, DashboardGuard guard)
    {
        app.MapGet("/favicon.ico", () => Results.Text(Icon, "image/svg+xml"));
        var page = app.MapGroup("").AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            if (!guard.Allows(http))
                return Results.Empty;
            http.Response.Headers.ContentSecurityPolicy = Policy;
            http.Response.Headers.XContentTypeOptions = "nosniff";
            http.Response.Headers.CacheControl = "no-store";
            return await next(context);
        });
        page.MapGet("/", async (CancellationToken ct) => Render<OverviewPage>(new() { ["Model"] = await overview.ReadAsync(ct) }));
        page.MapGet("/offer", OfferAsync);
        page.MapGet("/offer/chart.png", ChartAsync);
        page.MapGet("/report/{**file}", Report);
    }

    /// <summary>A file of the latest report; <c>/report</c> goes to <c>/report/</c>, where the report's relative links resolve.</summary>
    private IResult Report(HttpContext http, string? file)
    {
        if (string.IsNullOrEmpty(file) && !http.Request.Path.Value!.EndsWith('/'))
            return Results.Redirect("/report/");
        file = string.IsNullOrEmpty(file) ? ReportFolder.Index : file;
        return report.Find(file) is { } found ? Results.File(found.Path, found.ContentType)
            : file == ReportFolder.Index
                ? Message("No report yet", $"The worker's reports job (Schedules:Reports) writes the latest report into {report.Root}; none is there yet.", 404)
                : Results.NotFound();
    }

    private async Task<IResult> OfferAsync(string? provider, string? product, string? country, [FromQuery(Name = "operator")] string? operatorName,
        string? days, CancellationToken ct)
    {
        var series = await FindAsync(provider, product, country, operatorName, ct);
        return series is null
            ? Message("No such offer", $"No offer of {product} in {country} at operator {operatorName}{(provider is null ? "" : $" at {provider}")} is stored.", 404)
            : Render<OfferPage>(new() { ["Model"] = await offers.ReadAsync(series, OfferPeriods.Parse(days), ct) });
    }

    private async Task<IResult> ChartAsync(string? provider, string? product, string? country, [FromQuery(Name = "operator")] string? operatorName,
        string? days, string? kind, CancellationToken ct)
    {
        if (await FindAsync(provider, product, country, operatorName, ct) is not { } series || !Enum.TryParse<OfferChartKind>(kind, ignoreCase: true, out var which))
            return Results.NotFound();
        try
        {
            return await charts.DrawAsync(series, OfferPeriods.Parse(days), which, ct) is { } png ? Results.File(png, "image/png") : Results.NotFound();
        }
        catch (MissingFontException ex)
        {
            return Results.Text(ex.Message, statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }

    private Task<Market.History.SeriesInfo?> FindAsync(string? provider, string? product, string? country, string? operatorName,
        CancellationToken ct) =>
        string.IsNullOrWhiteSpace(product) || string.IsNullOrWhiteSpace(country) || string.IsNullOrWhiteSpace(operatorName)
            ? Task.FromResult<Market.History.SeriesInfo?>(null)
            : offers.FindAsync(string.IsNullOrWhiteSpace(provider) ? null : provider, product, country, operatorName, ct);

    private RazorComponentResult<TPage> Render<TPage>(Dictionary<string, object?> parameters, int status = StatusCodes.Status200OK)
        where TPage : Microsoft.AspNetCore.Components.IComponent
    {
        parameters["Frame"] = new PageFrame(DashboardEndpoint.TryParse(dashboard.Value.Url)?.Path ?? "/hangfire", options.CurrentValue.RefreshSeconds);
        return new RazorComponentResult<TPage>(parameters) { StatusCode = status };
    }

    private RazorComponentResult<MessagePage> Message(string title, string message, int status) => Render<MessagePage>(new()
    {
        ["Title"] = title, ["Message"] = message, ["Now"] = time.GetUtcNow(),
    }, status);
}
