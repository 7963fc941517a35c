using Dapper;
using Microsoft.Extensions.Time.Testing;
using SmsBuyz.Analytics.Market.Sweeps;
using SmsBuyz.Analytics.Tests.Infrastructure;
using SmsBuyz.Sandbox;

namespace SmsBuyz.Analytics.Tests.Providers;

/// <summary>
/// A provider is its base URL unless its <c>Identity</c> says otherwise: a provider that moved to a new address keeps
/// one history by keeping its key, where without the setting the new address is a second provider.
/// </summary>
public sealed class ProviderIdentityTests
{
    [Theory]
    [InlineData("https://smsbuyz.com/v1", 1)] // the old address, as the history knows it
    [InlineData(" HTTPS://SmsBuyz.com:443/v1/ ", 1)] // the same address, as a user may copy it
    [InlineData("smsbuyz-main", 1)]
    [InlineData("", 2)]
    public async Task Snapshot_TheProviderMovedToANewAddress_OneProviderOnlyWithItsIdentity(string identity, int providers)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 15, 12, 0, 0, TimeSpan.Zero));
        var options = new SandboxOptions { Seed = 1, Countries = 3, Products = 5 };
        await using var before = await SandboxServer.StartAsync(options, port: 0, time);
        await using var after = await SandboxServer.StartAsync(options, port: 0, time);
        await using var first = await new TestServices(Settings(before, identity), time).MigrateAsync();
        await first.Get<SweepRunner>().RunAsync(SweepKind.Snapshot, SweepParts.All, CancellationToken.None);
        await using var connection = await first.OpenAsync();
        var series = await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM series");

        var settings = Settings(after, identity);
        settings["Storage:Database"] = first.DatabasePath;
        await using var moved = new TestServices(settings, time);
        var summaries = await moved.Get<SweepRunner>().RunAsync(SweepKind.Snapshot, SweepParts.All, CancellationToken.None);

        Assert.All(summaries, s => Assert.True(s.Succeeded, string.Join("\n", s.Failures)));
        Assert.True(series > 0);
        Assert.Equal(series * providers, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM series"));
        var stored = (await connection.QueryAsync<string>("SELECT base_url FROM provider ORDER BY id")).ToList();
        Assert.Equal(providers, stored.Count);
        if (identity.Length > 0)
            Assert.Equal([identity.StartsWith("smsbuyz", StringComparison.Ordinal) ? identity : "https://smsbuyz.com/v1"], stored);
    }

    /// <summary>The SmsBuyz section at <paramref name="sandbox"/>; every country it serves, every product.</summary>
    private static Dictionary<string, string?> Settings(SandboxServer sandbox, string identity)
    {
        var settings = new Dictionary<string, string?>
        {
            ["SmsBuyz:BaseUrl"] = sandbox.BaseUrl.ToString(),
            ["SmsBuyz:Identity"] = identity,
            ["SmsBuyz:ApiKey"] = new SandboxOptions().ApiKey,
            ["SmsBuyz:RequestsPerSecond"] = "1000",
            ["Monitor:Operators:0"] = "any",
            ["Monitor:Products:0"] = "*",
        };
        var countries = sandbox.State.CurrentOffers().Select(o => o.CountryIso).Distinct().Order().ToList();
        for (var i = 0; i < countries.Count; i++)
            settings[$"Monitor:Countries:{i}"] = countries[i];
        return settings;
    }
}
