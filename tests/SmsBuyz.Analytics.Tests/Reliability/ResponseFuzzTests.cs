using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using SmsBuyz.Analytics.Account;
using SmsBuyz.Analytics.Api;
using SmsBuyz.Analytics.Market;
using SmsBuyz.Analytics.Market.Sweeps;
using SmsBuyz.Analytics.Providers;
using SmsBuyz.Analytics.Tests.Api;
using SmsBuyz.Analytics.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SmsBuyz.Analytics.Tests.Reliability;

/// <summary>
/// Seeded mutations of a recorded answer of every endpoint, through the parsers and the stores: each one is read,
/// or refused as a typed <see cref="SmsBuyzApiException"/>; nothing else is thrown and no impossible row is stored.
/// </summary>
public sealed class ResponseFuzzTests(ITestOutputHelper output)
{
    private static readonly string[] Tokens =
        ["-1", "-0.0001", "1e400", "\"-5\"", "null", "[]", "{}", "\"\"", "99999999999999999999999999999", "0.00001", "\"NaN\"",
         "true", "\"\\u0000\"", "{\"a\":", "]", "\"9223372036854775808\"", "-9223372036854775809", "1.5", "\"2026-13-45T99:99\"", "0"];

    private static readonly (string Endpoint, string Body)[] Recorded =
    [
        ("guest/products", DocBodies.Products), ("guest/prices", DocBodies.PricesProductCountry),
        ("guest/prices", StubMarket.Good("guest/prices", "?product=telegram", 1).Body), ("user/profile", DocBodies.Profile),
        ("user/orders", DocBodies.Orders), ("user/check", DocBodies.Check), ("user/payments", StubMarket.Good("user/payments", "", 1).Body),
    ];

    [Fact]
    public async Task ParseAndStore_MutatedRecordedResponses_OnlyTypedErrorsAndNoImpossibleRows()
    {
        // Every case runs, however long the machine takes: a time budget would let a slow run pass on a fraction of them.
        var cases = int.TryParse(Environment.GetEnvironmentVariable("SMSBUYZ_FUZZ_CASES"), out var n) ? n : 20_000;
        await using var services = await new TestServices().MigrateAsync();
        var (api, account) = (await services.ProviderAsync(), await services.AccountAsync());
        var sweepId = await services.Get<SweepStore>().StartAsync("fuzz", "", api, CancellationToken.None);
        var random = new Random(1234);
        var (read, refused, done) = (0, 0, 0);
        var clock = Stopwatch.StartNew();
        for (; done < cases; done++)
        {
            var (endpoint, body) = Recorded[done % Recorded.Length];
            var mutated = Mutate(body, random);
            try
            {
                await ParseAndStoreAsync(services, (sweepId, api, account), endpoint, Encoding.UTF8.GetBytes(mutated), done);
                read++;
            }
            catch (SmsBuyzApiException)
            {
                refused++;
            }
            catch (Exception ex)
            {
                Assert.Fail($"{endpoint} case {done}: {ex.GetType().Name}: {ex.Message}\ninput: {mutated}");
            }
        }
        output.WriteLine($"{done} of {cases} mutated answers in {clock.Elapsed.TotalSeconds:0.0} s: {read} read and stored, {refused} refused as typed errors");
        // Every case ran to one of the two outcomes, and the mutations reach both: a fuzz that only ever broke the JSON
        // would never get past the parsers to the stores.
        Assert.Equal(cases, read + refused);
        Assert.True(read > 0 && refused > 0, $"{read} read, {refused} refused");
        Assert.Equal(0, Db.ImpossibleRows(services.DatabasePath));
        Assert.Equal("ok", Db.IntegrityCheck(services.DatabasePath));
    }

    private static async Task ParseAndStoreAsync(TestServices services, (long Sweep, long Provider, AccountRef Account) under, string endpoint,
        byte[] body, int index)
    {
        var (sweepId, api, account) = under;
        var redactor = new BodyRedactor("");
        var at = services.Time.GetUtcNow().AddSeconds(index);
        var all = new MarketScope(null, null, null);
        switch (endpoint)
        {
            case "guest/products":
                var products = ApiErrors.ParseBytes(endpoint, HttpStatusCode.OK, body, redactor, ProductsParser.Parse);
                await services.Get<MarketStore>().WriteAsync(api, sweepId, at, products.Problems.Count == 0 ? all : MarketScope.Nothing,
                    MarketPoint.FromProducts("ru", "any", products.Offers), CancellationToken.None);
                break;
            case "guest/prices":
                var prices = ApiErrors.ParseBytes(endpoint, HttpStatusCode.OK, body, redactor, bytes => PricesParser.Parse(bytes, "telegram", null));
                await services.Get<MarketStore>().WriteAsync(api, sweepId, at, MarketScope.Nothing,
                    [.. prices.Offers.Select(o => new MarketPoint(o.Country, o.Operator, o.Product, o.Cost, o.Count))], CancellationToken.None);
                break;
            case "user/profile":
                await services.Get<AccountStore>().AddProfileAsync(account, sweepId,
                    ApiErrors.ParseBytes(endpoint, HttpStatusCode.OK, body, redactor, Document(AccountParser.ParseProfile)), CancellationToken.None);
                break;
            case "user/orders":
                await services.Get<AccountStore>().UpsertOrdersAsync(account,
                    ApiErrors.ParseBytes(endpoint, HttpStatusCode.OK, body, redactor, Document(AccountParser.ParseOrderPage)).Orders, CancellationToken.None);
                break;
            case "user/check":
                await services.Get<AccountStore>().UpsertOrdersAsync(account,
                    [ApiErrors.ParseBytes(endpoint, HttpStatusCode.OK, body, redactor, Document(AccountParser.ParseOrder))], CancellationToken.None);
                break;
            default:
                await services.Get<AccountStore>().UpsertPaymentsAsync(account,
                    ApiErrors.ParseBytes(endpoint, HttpStatusCode.OK, body, redactor, Document(AccountParser.ParsePayments)), CancellationToken.None);
                break;
        }
    }

    // As the client reads every answer but the market's (products, prices): one JsonDocument per body.
    private static Func<byte[], T> Document<T>(Func<JsonElement, T> parse) => bytes =>
    {
        using var document = JsonDocument.Parse(bytes);
        return parse(document.RootElement);
    };

    private static string Mutate(string body, Random random)
    {
        var text = body;
        for (var i = random.Next(1, 4); i > 0 && text.Length > 1; i--)
        {
            var at = random.Next(text.Length);
            text = random.Next(5) switch
            {
                0 => text[..at] + (char)random.Next(32, 127) + text[(at + 1)..],
                1 => text.Remove(at, Math.Min(random.Next(1, 12), text.Length - at)),
                2 => text[..at],
                _ => ReplaceValue(text, random),
            };
        }
        return text;
    }

    /// <summary>Replaces one JSON value (after a colon) with a hostile token: negative, huge, wrong type, broken.</summary>
    private static string ReplaceValue(string text, Random random)
    {
        var colons = Enumerable.Range(0, text.Length).Where(i => text[i] == ':').ToList();
        if (colons.Count == 0)
            return text;
        var start = colons[random.Next(colons.Count)] + 1;
        var end = start;
        while (end < text.Length && text[end] is not (',' or '}' or ']'))
            end++;
        if (end < text.Length && text[start..end].TrimStart().StartsWith('{'))
            end = start + text[start..].IndexOf('}', StringComparison.Ordinal) + 1;
        return text[..start] + " " + Tokens[random.Next(Tokens.Length)] + text[end..];
    }
}
