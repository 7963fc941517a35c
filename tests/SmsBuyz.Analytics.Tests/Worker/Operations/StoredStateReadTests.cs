using System.Data.Common;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SmsBuyz.Analytics.Api;
using SmsBuyz.Analytics.Market.History;
using SmsBuyz.Analytics.Storage;
using SmsBuyz.Analytics.Tests.Infrastructure;
using SmsBuyz.Analytics.Worker;
using SmsBuyz.Analytics.Worker.Operations;

namespace SmsBuyz.Analytics.Tests.Worker.Operations;

/// <summary>
/// What the worker reads back from the database for its metrics and the demo's tally, on each provider: PostgreSQL
/// sums BIGINT as numeric, which must still arrive as the same whole numbers.
/// </summary>
public sealed class StoredStateReadTests
{
    [Theory, InlineData(StorageProvider.Sqlite), PostgresData(StorageProvider.PostgreSql)]
    public async Task StateGauges_IntentsOrdersAndBalance_CountedAndSummedFromTheDatabase(StorageProvider provider)
    {
        await using var services = await new TestServices(provider).MigrateAsync();
        var account = (await services.AccountAsync(7)).Id;
        await using (var connection = await services.OpenAsync())
            await connection.ExecuteAsync("""
                INSERT INTO buy_intent (rule, idem_key, mode, day, country, operator, product, max_price, reserved, state, created_at, account_id) VALUES
                    ('r', 'k1', 'Live', '2026-01-15', 'ru', 'any', 'telegram', 5000, 4118, 'Bought', 1, @account),
                    ('r', 'k2', 'Live', '2026-01-15', 'ru', 'any', 'telegram', 5000, 4000, 'Bought', 2, @account),
                    ('r', 'k3', 'Live', '2026-01-15', 'ru', 'any', 'telegram', 5000, 0, 'Failed', 3, @account),
                    ('r', 'k4', 'DryRun', '2026-01-15', 'ru', 'any', 'telegram', 5000, 4000, 'DryRun', 4, NULL),
                    ('r', 'k5', 'Live', '2026-01-15', 'ru', 'any', 'telegram', 5000, 4000, 'Unknown', 5, @account);
                INSERT INTO orders (id, price, status, first_seen_at, updated_at, account_id) VALUES (1, 4118, 'RECEIVED', 1, 1, @account), (2, 4000, 'FINISHED', 1, 1, @account);
                INSERT INTO profile_history (observed_at, user_id, balance, rating, account_id) VALUES (1, 7, 100000, '96', @account), (2, 7, 95882, '96', @account);
                """, new { account });
        var measured = new Dictionary<string, double>();
        using var listener = new MeterListener();
        var gauges = services.Get<StateGauges>(); // its instruments are published when it is made
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == ApiMetrics.MeterName)
                l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.Start();

        await gauges.RefreshAsync(CancellationToken.None); // a scrape reports the last read and never waits for one
        listener.RecordObservableInstruments();

        GC.KeepAlive(gauges);
        Assert.Equal(2, measured["smsbuyz.buys/bought"]);
        Assert.Equal(1, measured["smsbuyz.buys/failed"]);
        Assert.Equal(1, measured["smsbuyz.buys/dry_run"]);
        Assert.Equal(0.8118, measured["smsbuyz.spend"], 6);
        Assert.Equal(1, measured["smsbuyz.buys.unknown"]);
        Assert.Equal(1, measured["smsbuyz.orders.open"]);
        Assert.Equal(9.5882, measured["smsbuyz.balance"], 6);

        void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            // Only this test's instruments: other tests in this process make their own, reading their own databases.
            if (!ReferenceEquals(instrument.Meter.Scope, services.Get<IMeterFactory>()))
                return;
            var name = instrument.Name + (tags.Length > 0 ? "/" + tags[0].Value : "");
            lock (measured)
                measured[name] = value;
        }
    }

    [Fact]
    public void StateGauges_DatabaseHangs_ScrapeReturnsAtOnceWithNothingReadYet()
    {
        using var release = new ManualResetEventSlim();
        using var metrics = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = metrics.GetRequiredService<IMeterFactory>();
        var gauges = new StateGauges(meters, new HangingDatabase(release), TimeProvider.System, NullLogger<StateGauges>.Instance);
        var measured = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, meters))
                l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, _, _, _) => Interlocked.Increment(ref measured));
        listener.SetMeasurementEventCallback<double>((_, _, _, _) => Interlocked.Increment(ref measured));
        listener.Start();

        try
        {
            var scrape = Stopwatch.StartNew();
            listener.RecordObservableInstruments();
            listener.RecordObservableInstruments();
            scrape.Stop();

            // A scrape that waited for the database would wait until the finally below: any bound shows it.
            Assert.True(scrape.Elapsed < TimeSpan.FromSeconds(5), $"two scrapes took {scrape.Elapsed.TotalSeconds:F1} s while the database hung");
            Assert.Equal(0, measured); // no read has finished: nothing, rather than zeros
        }
        finally
        {
            release.Set();
            GC.KeepAlive(gauges);
        }
    }

    /// <summary>A database whose open blocks its thread until released (or 5 s), then fails, as a server away would.</summary>
    private sealed class HangingDatabase(ManualResetEventSlim release) : Database
    {
        public override StorageProvider Provider => StorageProvider.PostgreSql;
        public override string Describe => "hanging";

        public override Task<DbConnection> OpenAsync(CancellationToken ct)
        {
            release.Wait(TimeSpan.FromSeconds(5), ct);
            throw new Unreachable();
        }

        public override Task<DbTransaction> BeginWriteAsync(DbConnection connection, WriteLock? writeLock, CancellationToken ct) =>
            throw new NotSupportedException();

        public override Task<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken ct) => throw new NotSupportedException();

        public override bool SharedByWorkers => true;
        public override bool PartitionedByMonth => true;
        public override bool ArrayParameters => true;
        public override SessionLease Lease(string role, WriteLock key) => throw new NotSupportedException();
        public override Task PrepareLargeWriteAsync(DbConnection connection, CancellationToken ct) => throw new NotSupportedException();
        public override Task CheckpointAsync(CancellationToken ct) => throw new NotSupportedException();
        public override void LimitLockWait(DbConnection connection, int seconds) => throw new NotSupportedException();
        public override Task<long> SizeOnDiskAsync(CancellationToken ct) => throw new NotSupportedException();
        public override Task<long> StoredBytesAsync(CancellationToken ct) => throw new NotSupportedException();
    }

    private sealed class Unreachable() : DbException("the server does not answer");

    [Theory, InlineData(StorageProvider.Sqlite), PostgresData(StorageProvider.PostgreSql)]
    public async Task CollectedTally_SweepsWithCounts_SumsAndCountsAsWholeNumbers(StorageProvider provider)
    {
        await using var services = await new TestServices(provider, time: new FakeTimeProvider()).MigrateAsync();
        var (api, account) = (await services.ProviderAsync(), (await services.AccountAsync()).Id);
        await using (var connection = await services.OpenAsync())
            await connection.ExecuteAsync("""
                INSERT INTO sweep (kind, plan, started_at, finished_at, requests, points, changes, errors) VALUES
                    ('prices', 'p', 1, 2, 3, 400, 12, 0), ('prices', 'p', 3, 4, 3, 90, 3, 2), ('products', 'p', 5, 6, 1, 40, 1, 1);
                INSERT INTO sweep_error (sweep_id, at, target, kind, message) VALUES (3, 6, 'sweep', 'Interrupted', 'x'), (2, 4, 't', 'Network', 'x');
                INSERT INTO orders (id, price, status, first_seen_at, updated_at, account_id) VALUES (1, 4118, 'RECEIVED', 1, 1, @account);
                INSERT INTO product (id, name, key) VALUES (1, 'telegram', 'telegram'); INSERT INTO country (id, code) VALUES (1, 'ru');
                INSERT INTO operator (id, name, key) VALUES (1, 'any', 'any'), (2, 'virtual1', 'virtual1');
                INSERT INTO series (id, product_id, country_id, operator_id, provider_id) VALUES (1, 1, 1, 1, @api), (2, 1, 1, 2, @api);
                INSERT INTO price_latest (series_id, price, qty, changed_at, sweep_id) VALUES (1, 4118, 7, 1, 1), (2, 4000, 0, 3, 2);
                """, new { api, account });

        var all = await CollectedTally.ReadAsync(services.Get<Database>(), services.Get<MarketReadModel>(), UnixMs.To(0), CancellationToken.None);
        var sinceTheSecondSweep = await CollectedTally.ReadAsync(services.Get<Database>(), services.Get<MarketReadModel>(), UnixMs.To(3), CancellationToken.None);

        Assert.Equal(new CollectedTally(3, 1, 530, 16, 3, 2, 1, 0), all);
        Assert.Equal(new CollectedTally(2, 1, 130, 4, 3, 2, 0, 0), sinceTheSecondSweep); // the series stored count whatever the run
    }
}
