using Dapper;
using SmsBuyz.Analytics.Api;
using SmsBuyz.Analytics.AutoBuy;
using SmsBuyz.Analytics.AutoBuy.Rules;
using SmsBuyz.Analytics.Providers;
using SmsBuyz.Analytics.Storage;
using SmsBuyz.Analytics.Tests.Infrastructure;

namespace SmsBuyz.Analytics.Tests.AutoBuy;

/// <summary>Decisions read the typed error kind stored in its own column; the error text is for people and may say anything.</summary>
public sealed class TypedKindTests
{
    private static readonly RuleOptions Rule = new() { Name = "r", Product = "telegram", Countries = ["ru"], MaxPrice = 1m };

    private static async Task FailAsync(IntentStore intents, AccountRef owner, ApiErrorKind kind, string text)
    {
        var (intent, _) = await intents.ReserveAsync(owner, Rule, new AutoBuyOptions { Mode = AutoBuyMode.Live },
            new Candidate("ru", "op", "telegram", 0.10m, 5), null, false, null, CancellationToken.None);
        await intents.MarkSentAsync(intent!.Id, null, CancellationToken.None);
        await intents.MarkFailedAsync(intent.Id, kind, text, CancellationToken.None);
    }

    [Fact]
    public async Task FailureStreak_TextSaysNoNumbersButKindDoesNot_AndTheOtherWayRound_TheKindDecides()
    {
        await using var services = await new TestServices().MigrateAsync();
        var intents = services.Get<IntentStore>();
        var owner = await services.AccountAsync();
        await FailAsync(intents, owner, ApiErrorKind.RateLimited, "NoNumbers: reads like a 503 but was a 429");
        await FailAsync(intents, owner, ApiErrorKind.NoNumbers, "sold out, try again later");
        await FailAsync(intents, owner, ApiErrorKind.BadRequest, "NoNumbers");

        // Newest first: BadRequest counts, NoNumbers ends the streak (a refusal for want of numbers is no failure of ours).
        Assert.Equal(1, await intents.FailureStreakAsync(Rule.Name, 10, CancellationToken.None));
    }

    [Fact]
    public async Task Migration0006_RowsFromBeforeIt_KindTakenFromTheOldErrorPrefix()
    {
        await using var services = new TestServices();
        Directory.CreateDirectory(Path.GetDirectoryName(services.DatabasePath)!);
        await using (var connection = await services.OpenAsync())
        {
            await connection.ExecuteAsync("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)");
            foreach (var (version, name, sql) in SqliteMigrator.Scripts().Where(s => s.Version <= 4))
            {
                await connection.ExecuteAsync(sql);
                await connection.ExecuteAsync("INSERT INTO schema_version VALUES (@version, @name, 0)", new { version, name });
            }
            await connection.ExecuteAsync("""
                INSERT INTO buy_intent (rule, idem_key, mode, day, country, operator, product, max_price, reserved, state, created_at, error)
                VALUES ('r', 'r:1', 'Live', '2026-01-15', 'ru', 'op', 'telegram', 1000, 0, 'Failed', 0, 'NoNumbers: no free phones'),
                       ('r', 'r:2', 'Live', '2026-01-15', 'ru', 'op', 'telegram', 1000, 0, 'Failed', 0, 'reconciled: no such order at the provider'),
                       ('r', 'r:3', 'Live', '2026-01-15', 'ru', 'op', 'telegram', 1000, 0, 'Failed', 0, 'Oops: not a kind')
                """);
        }

        await services.Get<Migrator>().MigrateAsync(CancellationToken.None);

        await using var migrated = await services.OpenAsync();
        Assert.Equal(["NoNumbers", null, null], await migrated.QueryAsync<string?>("SELECT error_kind FROM buy_intent ORDER BY id"));
    }

    [Fact]
    public void Vocabulary_SqlListsAreRenderedFromTheCSharpDefinitions()
    {
        Assert.Equal("('Reserved','Sent','Unknown')", IntentStates.Sql(IntentStates.InFlight));
        Assert.Equal("('Reserved','Sent','Unknown','Bought','DryRun')", IntentStates.Sql(IntentStates.Counted));
        Assert.Equal("('FINISHED','CANCELED','BANNED','TIMEOUT')", SqlList.Of(OrderStatus.Final));
        Assert.DoesNotContain(IntentState.Failed, IntentStates.Counted); // a failed buy releases its budget
        Assert.All(OrderStatus.Open, s => Assert.False(OrderStatus.IsFinal(s)));
        Assert.All(OrderStatus.Final, s => Assert.True(OrderStatus.IsFinal(s)));
        Assert.Equal("('it''s')", SqlList.Of(["it's"]));
    }
}
