using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Extensions.Options;
using SmsBuyz.Analytics.Account;
using SmsBuyz.Analytics.Api;
using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.Market.Sweeps;

[Flags]
public enum SweepParts { Products = 1, Prices = 2, Account = 4, All = Products | Prices | Account }

/// <summary>
/// One sweep: every planned market request and, with an API key, the account, all started at once: the shared rate
/// limiter (<c>SmsBuyz:RequestsPerSecond</c>) is the only bound, so the requests in flight follow the round trip (about
/// rate × round trip) instead of a fixed number. Each part succeeds or fails on its own and its answer is written as
/// soon as it is read (answers arriving together share a commit, see <see cref="MarketStore"/>), so one failing
/// endpoint neither stalls nor undoes the rest; every failure is stored with the sweep.
/// </summary>
public sealed class SnapshotRunner(
    SmsBuyzClient client, MarketStore market, AccountStore account, SweepStore sweeps,
    IOptions<MonitorOptions> monitor, IOptions<SmsBuyzOptions> api, Database db, TimeProvider time,
    IEnumerable<ISweepListener> listeners)
{
    /// <summary>Learnt from full price lists; lets later sweeps ask for less when that is a small part of it.</summary>
    private readonly MarketShape _shape = new();

    /// <param name="kind">A <see cref="SweepKind"/>.</param>
    public async Task<SweepSummary> RunAsync(string kind, SweepParts parts, CancellationToken ct)
    {
        var targets = SweepPlanner.Plan(monitor.Value, parts.HasFlag(SweepParts.Products), parts.HasFlag(SweepParts.Prices), _shape.Current);
        var withAccount = parts.HasFlag(SweepParts.Account) && client.HasApiKey;
        var plan = string.Join(", ", targets.Select(Describe).Append(withAccount ? "account" : "").Where(s => s.Length > 0));
        var started = time.GetTimestamp();
        var sweepId = await sweeps.StartAsync(kind, plan, ct);
        var counts = new SweepCounts();
        var failures = new ConcurrentQueue<SweepFailure>();
        var requests = RequestCounter.Begin();

        var work = targets.Select(t => new SweepWork(t.Name, token => FetchMarketAsync(sweepId, t, counts, token))).ToList();
        if (withAccount)
            work.AddRange(AccountWork(sweepId, counts));
        var cancelled = true; // until every part has run: only cancellation escapes RunPartAsync
        SweepSummary summary;
        try
        {
            // Every part at once: the rate limiter, not a count of requests in flight, is the bound.
            await Task.WhenAll(work.Select(async item =>
            {
                await RunPartAsync(sweepId, item, counts, failures, ct);
                await SaveProgressAsync(sweepId, counts, requests.Value, ct);
            }));
            cancelled = false;
        }
        finally
        {
            counts.AddRequests(requests.Value);
            // Finished even when cancelled: the row says how far the sweep got.
            await sweeps.FinishAsync(sweepId, counts, CancellationToken.None);
            summary = new SweepSummary(sweepId, kind, counts.Requests, counts.Points, counts.Changes, counts.Errors,
                time.GetElapsedTime(started), [.. failures], work.Count, cancelled);
            foreach (var listener in listeners)
                listener.SweepEnded(summary);
        }
        return summary;
    }

    private async Task RunPartAsync(long sweepId, SweepWork item, SweepCounts counts, ConcurrentQueue<SweepFailure> failures, CancellationToken ct)
    {
        try
        {
            foreach (var problem in await item.Run(ct))
                await FailAsync(sweepId, new SweepFailure(item.Target, SweepErrorKind.Malformed, problem,
                    "answers held entries that could not be read — the sweep's sweep_error rows have them"), counts, failures);
        }
        catch (SmsBuyzApiException ex)
        {
            await FailAsync(sweepId, new SweepFailure(item.Target, SweepErrorKind.Of(ex.Kind), ex.Message, ApiFailureHint.For(ex, api.Value.BaseUri.Host)), counts, failures);
        }
        catch (DbException ex)
        {
            // "database or disk is full" and "database is locked" say nothing of which file: name it.
            var message = $"database {db.Describe}: {ex.Message}";
            await FailAsync(sweepId, new SweepFailure(item.Target, SweepErrorKind.Database, message, $"{message} — check disk space, permissions and Storage:MaxSizeMegabytes"), counts, failures);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await FailAsync(sweepId, new SweepFailure(item.Target, SweepErrorKind.Unexpected(ex), ex.Message), counts, failures);
        }
    }

    private async Task SaveProgressAsync(long sweepId, SweepCounts counts, int requests, CancellationToken ct)
    {
        try
        {
            await sweeps.SaveProgressAsync(sweepId, counts, requests, ct);
        }
        catch (DbException)
        {
            // Only for the record of a killed sweep; a database that refuses writes is reported by the parts themselves.
        }
    }

    private async Task FailAsync(long sweepId, SweepFailure failure, SweepCounts counts, ConcurrentQueue<SweepFailure> failures)
    {
        counts.AddError();
        failures.Enqueue(failure);
        await sweeps.RecordErrorAsync(sweepId, failure.Target, failure.Kind, failure.Message, CancellationToken.None);
    }

    private async Task<IReadOnlyList<string>> FetchMarketAsync(long sweepId, SweepTarget target, SweepCounts counts, CancellationToken ct)
    {
        List<MarketPoint> points;
        IReadOnlyList<string> problems;
        if (target.Kind == SweepTargetKind.Products)
        {
            var result = await client.GetProductsAsync(target.Country!, target.Operator!, ct);
            points = MarketPoint.FromProducts(target.Country!, target.Operator!, result.Offers);
            problems = result.Problems;
        }
        else
        {
            var fullList = target.Product is null && target.Country is null;
            MarketResult<PriceOffer> result;
            try
            {
                result = await client.GetPricesAsync(target.Product, target.Country, ct);
            }
            catch (SmsBuyzApiException ex) when (fullList && ex.InnerException is HttpRequestException { HttpRequestError: HttpRequestError.ConfigurationLimitExceeded })
            {
                _shape.RefuseFullList(); // it would be as large next time: ask in parts from the next sweep on
                throw;
            }
            if (fullList && result.Problems.Count == 0)
                _shape.Learn(result.Offers);
            points = [.. result.Offers.Select(o => new MarketPoint(o.Country, o.Operator, o.Product, o.Cost, o.Count))];
            problems = result.Problems;
        }
        // An answer with unreadable entries proves nothing absent: marking the series it did not list as out of stock
        // would turn one malformed entry (or a wrong-shaped body with none) into "stock went to zero".
        if (problems.Count > 0 && points.Count == 0)
            return problems;
        // Each scope the answer stands for is written on its own, together: they share the store's next commit.
        var at = time.GetUtcNow();
        var writes = await Task.WhenAll(target.Scopes.Select(scope => market.WriteAsync(sweepId, at,
            problems.Count == 0 ? scope : scope.CoveringNothing(), Within(scope, points), ct)));
        // A point two scopes hold (a configured product at a configured operator) counts once.
        counts.AddPoints(writes.Length == 1 ? writes[0].Points
            : points.Count(p => target.Scopes.Any(scope => scope.Contains(p.Country, p.Operator, p.Product))));
        counts.AddChanges(writes.Sum(w => w.Changes));
        return [.. problems, .. writes.SelectMany(w => w.Problems).Distinct()];
    }

    /// <summary>A products answer is its scope already; a prices answer is kept to each scope it stands for.</summary>
    private static List<MarketPoint> Within(MarketScope scope, List<MarketPoint> points) =>
        scope.Operator is not null ? points : [.. points.Where(p => scope.Contains(p.Country, p.Operator, p.Product))];

    private static string Describe(SweepTarget target) =>
        target.StandsInFor > 0 ? $"{target.Name} (for {target.StandsInFor} guest/products/{{country}}/{{operator}})" : target.Name;

    private IEnumerable<SweepWork> AccountWork(long sweepId, SweepCounts counts)
    {
        yield return new SweepWork("user/profile", async ct =>
        {
            await account.AddProfileAsync(sweepId, await client.GetProfileAsync(ct), ct);
            return [];
        });
        yield return new SweepWork("user/orders", async ct =>
        {
            var orders = await client.GetAllOrdersAsync("activation", ct);
            counts.AddPoints(orders.Count);
            counts.AddChanges(await account.UpsertOrdersAsync(orders, ct));
            return [];
        });
        yield return new SweepWork("user/payments", async ct =>
        {
            var payments = await client.GetPaymentsAsync(ct);
            counts.AddPoints(payments.Count);
            counts.AddChanges(await account.UpsertPaymentsAsync(payments, ct));
            return [];
        });
    }

    private sealed record SweepWork(string Target, Func<CancellationToken, Task<IReadOnlyList<string>>> Run);
}
