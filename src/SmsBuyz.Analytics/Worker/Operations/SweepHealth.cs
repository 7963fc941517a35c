using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using Cronos;
using Dapper;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SmsBuyz.Analytics.Providers;
using SmsBuyz.Analytics.Market.Sweeps;
using SmsBuyz.Analytics.Storage;
using SmsBuyz.Analytics.Worker.Jobs;

namespace SmsBuyz.Analytics.Worker.Operations;

/// <summary>The answer of <c>/healthz</c>: healthy, or the reasons it is not.</summary>
public sealed record HealthReport(bool Healthy, IReadOnlyList<string> Reasons, IReadOnlyDictionary<string, DateTimeOffset?> LastSuccess);

/// <summary>
/// Healthy while every enabled sweep job (products, prices, and account when a key is set) has succeeded at every
/// provider it asks — every part of the sweep answered — within twice its schedule's interval, and the database takes a write. The interval is the
/// gap between the cron's last two due times, so a weekday-only cron is not unhealthy over the weekend. A worker that
/// just started counts from its start, so it is not unhealthy before its first sweeps could run.
/// </summary>
public sealed class SweepHealth(
    IOptions<ScheduleOptions> schedules, ProviderSet providers, AccountPause pause,
    Database db, TimeProvider time) : ISweepListener, IHostedService
{
    /// <summary>A write probe does not wait out Storage:BusyTimeoutSeconds (30 s): a supervisor's poll would time out first.</summary>
    private const int ProbeTimeoutSeconds = 2;

    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastSuccess = new(StringComparer.Ordinal);
    private DateTimeOffset _since = time.GetUtcNow();

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _since = time.GetUtcNow();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void SweepEnded(SweepSummary summary)
    {
        if (summary.Succeeded)
            _lastSuccess[Key(summary.Kind, summary.Asked?.Setting)] = time.GetUtcNow();
    }

    private static string Key(string kind, string? setting) => $"{kind}|{setting}";

    public async Task<HealthReport> CheckAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var reasons = new List<string>();
        var last = new Dictionary<string, DateTimeOffset?>(StringComparer.Ordinal);
        var zone = schedules.Value.ResolveTimeZone();
        foreach (var (job, cron) in EnabledSweepJobs())
        {
            var expected = Expected(job).ToList();
            var seen = expected.Select(p => _lastSuccess.TryGetValue(Key(job, p.Setting), out var at) ? at : (DateTimeOffset?)null).ToList();
            last[job] = seen.Any(at => at is null) ? null : seen.Min();
            var allowed = 2 * Interval(cron, zone, now);
            foreach (var (provider, at) in expected.Zip(seen))
            {
                // With one provider the lines read as they always have; with several, each says whose sweep it is.
                var label = provider.OneOfSeveral ? $"{job} at {provider.Name}" : job;
                if (job == JobIds.Account && pause.IsPaused(provider))
                {
                    reasons.Add($"{label}: paused since {provider.Options.BaseUri.Host} rejected the API key (fix {provider.Setting}:ApiKey and restart)");
                    continue;
                }
                var since = at > _since ? at.Value : _since;
                if (now - since > allowed)
                    reasons.Add(string.Create(CultureInfo.InvariantCulture,
                        $"{label}: no successful sweep for {(now - since).TotalMinutes:0} min (allowed: {allowed.TotalMinutes:0} min, twice the schedule '{cron}')"));
            }
        }
        if (await ProbeWriteAsync(ct) is { } problem)
            reasons.Add(problem);
        return new HealthReport(reasons.Count == 0, reasons, last);
    }

    private IEnumerable<(string Job, string Cron)> EnabledSweepJobs()
    {
        var s = schedules.Value;
        foreach (var (id, _, cron) in s.Jobs)
        {
            var sweep = id is JobIds.Products or JobIds.Prices || (id == JobIds.Account && providers.HasApiKey);
            if (sweep && !string.IsNullOrWhiteSpace(cron))
                yield return (id, cron.Trim());
        }
    }

    /// <summary>The provider entries a sweep job asks: each provider's market once, each account with a key.</summary>
    private IEnumerable<ProviderConnection> Expected(string job) =>
        providers.All.Where(p => job == JobIds.Account ? p.HasApiKey : p.SweepsMarket);

    /// <summary>The gap between the cron's last two due times before <paramref name="now"/>.</summary>
    internal static TimeSpan Interval(string cron, TimeZoneInfo zone, DateTimeOffset now)
    {
        var expression = CronExpression.Parse(cron, CronFormat.Standard);
        foreach (var lookBack in new[] { TimeSpan.FromHours(2), TimeSpan.FromDays(2), TimeSpan.FromDays(35), TimeSpan.FromDays(800) })
        {
            var due = expression.GetOccurrences(now - lookBack, now, zone).TakeLast(2).ToList();
            if (due.Count == 2)
                return due[1] - due[0];
        }
        return TimeSpan.FromDays(400); // a cron due once in years, e.g. 29 February only
    }

    /// <summary>A write that is rolled back: fails on a read-only file, a full disk at the page level, or a lock held too long.</summary>
    private async Task<string?> ProbeWriteAsync(CancellationToken ct)
    {
        try
        {
            await using var connection = await db.OpenAsync(ct);
            // Waiting for another writer as long as Storage:BusyTimeoutSeconds (30 s by default), a supervisor polling
            // /healthz would time out first. The probe waits as long as its own command may.
            db.LimitLockWait(connection, ProbeTimeoutSeconds);
            await using var tx = await db.BeginWriteAsync(connection, null, ct);
            await connection.ExecuteAsync("UPDATE market_version SET version = version WHERE id = 1", transaction: tx,
                commandTimeout: ProbeTimeoutSeconds);
            await tx.RollbackAsync(ct);
            return null;
        }
        catch (DbException ex)
        {
            return $"database {db.Describe} does not take writes: {ex.Message}";
        }
    }
}
