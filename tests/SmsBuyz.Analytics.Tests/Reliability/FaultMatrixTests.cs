using System.Diagnostics;
using Dapper;
using SmsBuyz.Analytics.Market.Sweeps;
using SmsBuyz.Analytics.Tests.Api;
using SmsBuyz.Analytics.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SmsBuyz.Analytics.Tests.Reliability;

/// <summary>
/// Each row: a good sweep, then a sweep (or three) while the API misbehaves, then a good sweep. Nothing lost
/// (earlier data untouched), nothing wrong (no partial or impossible rows, each failure recorded with its kind),
/// keeps running (the next good sweep is complete).
/// </summary>
[StartEarly(25)]
public sealed class FaultMatrixTests(ITestOutputHelper output)
{
    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Sweep_ApiFault_RecordsFailureKeepsEarlierDataAndNextSweepIsComplete(string name)
    {
        var fault = FaultCase.Named(name);
        var stub = await StubApiServer.StartAsync();
        var port = new Uri(stub.BaseUrl).Port;
        await using var services = await new TestServices(StubMarket.Settings(stub.BaseUrl)).MigrateAsync();
        var db = services.DatabasePath;
        try
        {
            StubMarket.Serve(stub, gen: 1);
            AssertComplete(await SweepAsync(services), gen: 1, db);
            var before = Snapshot(db);

            var (faulty, injected) = await SweepDuringFaultAsync(fault, stub, services);
            if (fault.Mode == FaultMode.Refused)
                stub = await StubApiServer.StartAsync(port);

            if (fault.MustSucceed)
                AssertComplete(faulty[^1], gen: 2, db);
            else
                AssertRecordedAndUntouched(fault, faulty, before, db);
            if (fault.RequestsPerPart is { } perPart) // e.g. not retried: the first good sweep sent one request per part
                Assert.Equal(StubMarket.Parts * (1 + perPart), stub.Requests.Count);

            StubMarket.Serve(stub, gen: 3);
            AssertComplete(await SweepAsync(services), gen: 3, db);
            Assert.Equal("ok", Db.IntegrityCheck(db));
            Assert.Equal(0, Db.ImpossibleRows(db));
            output.WriteLine($"{name}: {injected} faults injected, {faulty.Sum(s => s.Errors)} parts recorded as failed, recovered");
        }
        finally
        {
            await stub.DisposeAsync();
        }
    }

    public static TheoryData<string> Cases() => FaultCase.Names();

    private async Task<(List<SweepSummary> Sweeps, int Injected)> SweepDuringFaultAsync(FaultCase fault, StubApiServer stub, TestServices services)
    {
        switch (fault.Mode)
        {
            case FaultMode.Refused:
                await stub.DisposeAsync(); // the port is closed until the stub starts again on it
                var refused = new List<SweepSummary>();
                for (var i = 0; i < 3; i++)
                    refused.Add(await SweepAsync(services));
                return (refused, refused.Sum(s => s.Requests));
            case FaultMode.Dns:
                var settings = StubMarket.Settings("http://smsbuyz.invalid/v1");
                settings["Storage:Database"] = services.DatabasePath;
                await using (var unresolvable = new TestServices(settings))
                {
                    var sweep = await SweepAsync(unresolvable);
                    return ([sweep], sweep.Requests);
                }
            default:
                var injected = 0;
                foreach (var path in StubMarket.Paths)
                {
                    var seen = 0;
                    stub.Set(path, request =>
                    {
                        var n = Interlocked.Increment(ref seen) - 1;
                        var good = StubMarket.Good(path, request.Query, gen: 2);
                        var reply = fault.Reply is null ? good with { Body = good.Body[..(good.Body.Length / 2)] } : fault.Reply(path, n);
                        if (reply is null)
                            return good;
                        Interlocked.Increment(ref injected);
                        return reply;
                    });
                }
                return ([await SweepAsync(services)], injected);
        }
    }

    private static void AssertRecordedAndUntouched(FaultCase fault, List<SweepSummary> faulty, DbState before, string db)
    {
        foreach (var sweep in faulty)
        {
            Assert.Equal(StubMarket.Parts, sweep.Failures.Select(f => f.Target).Distinct().Count());
            Assert.All(sweep.Failures, f => Assert.True(fault.Kinds.Contains(f.Kind), $"{f.Target} failed with {f.Kind}: {f.Message}"));
            using var connection = Db.Open(db);
            var row = connection.QuerySingle<(long? Finished, long Errors, long Points)>(
                "SELECT finished_at, errors, points FROM sweep WHERE id = @id", new { id = sweep.SweepId });
            Assert.Equal((true, sweep.Errors, 0L), (row.Finished.HasValue, row.Errors, row.Points));
            Assert.Equal(sweep.Errors, Db.Count(db, $"sweep_error WHERE sweep_id = {sweep.SweepId}"));
            Assert.Equal(0, Db.Count(db, $"price_change WHERE sweep_id = {sweep.SweepId}") + Db.Count(db, $"price_latest WHERE sweep_id = {sweep.SweepId}"));
        }
        Assert.Equal(before, Snapshot(db)); // a failed fetch is never a price, nor "stock went to zero"
    }

    private static void AssertComplete(SweepSummary sweep, int gen, string db)
    {
        Assert.True(sweep.Succeeded, string.Join("\n", sweep.Failures));
        Assert.Equal(StubMarket.Expected(gen).OrderBy(x => x).ToList(), Db.Latest(db));
        Assert.Equal(1, Db.Count(db, "orders"));
    }

    private static async Task<SweepSummary> SweepAsync(TestServices services)
    {
        var clock = Stopwatch.StartNew();
        var summary = await services.Get<SweepRunner>().RunOneAsync("snapshot", SweepParts.All, CancellationToken.None);
        Assert.True(clock.Elapsed < TimeSpan.FromMinutes(1), $"a sweep took {clock.Elapsed}");
        return summary;
    }

    private static DbState Snapshot(string db) => new(
        string.Join(";", Db.Latest(db)), Db.Count(db, "price_change"), Db.Count(db, "orders"),
        Db.Count(db, "order_sms"), Db.Count(db, "payments"), Db.Count(db, "profile_history"));

    private sealed record DbState(string Latest, long Changes, long Orders, long Sms, long Payments, long Profiles);
}
