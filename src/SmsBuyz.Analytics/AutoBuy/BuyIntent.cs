using SmsBuyz.Analytics.Api;
using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.AutoBuy;

/// <summary>
/// The states of a <c>buy_intent</c> row, stored by name. Reserved → Sent → Bought | Failed | Unknown;
/// Unknown → Bought | Failed; DryRun is a would-be buy.
/// </summary>
public enum IntentState
{
    /// <summary>Committed with its budget; the buy request is not sent yet.</summary>
    Reserved,
    /// <summary>Marked just before the buy request goes out; whether it arrived is not known yet.</summary>
    Sent,
    /// <summary>The request may have been processed (5xx, timeout, dropped connection): settled against the orders list.</summary>
    Unknown,
    Bought,
    Failed,
    /// <summary>A would-be buy in dry-run mode; counts against the dry-run limits only.</summary>
    DryRun,
}

/// <summary>The groups of states the limits and reconciliation decide on; every SQL list is rendered from these.</summary>
public static class IntentStates
{
    /// <summary>
    /// Money still held: a Failed intent released its reservation; every other state counts, so an outcome still
    /// unknown weighs on every limit exactly as a bought one (a refund does not give budget back: it arrives minutes
    /// later, and the budget caps what may be charged in a day).
    /// </summary>
    public static readonly IReadOnlyList<IntentState> Counted =
        [IntentState.Reserved, IntentState.Sent, IntentState.Unknown, IntentState.Bought, IntentState.DryRun];

    /// <summary>A live buy not settled yet; while one exists no other live buy starts.</summary>
    public static readonly IReadOnlyList<IntentState> InFlight = [IntentState.Reserved, IntentState.Sent, IntentState.Unknown];

    /// <summary>The request may have reached the provider: matched to an order or proved absent by reconciliation.</summary>
    public static readonly IReadOnlyList<IntentState> Unresolved = [IntentState.Sent, IntentState.Unknown];

    public static string Sql(IEnumerable<IntentState> states) => SqlList.Of(states);

    public static string Sql(IntentState state) => SqlList.Of([state]);
}

/// <summary>One row of <c>buy_intent</c>.</summary>
public sealed record BuyIntent(long Id, string Rule, string IdemKey, string Mode, string Country, string Operator, string Product,
    decimal MaxPrice, decimal Reserved, IntentState State, long? OrderId, DateTimeOffset CreatedAt, DateTimeOffset? SentAt, string? Error,
    ApiErrorKind? ErrorKind = null, DateTimeOffset? EndedAt = null)
{
    /// <summary>
    /// The API's own answer came back (any status, a body we could not read included): it was done with the request.
    /// Timeout and Network are the kinds of a lost answer, and a gateway's 502/504 is one too: the API behind it may
    /// still be working on the request, so only an orders read after the grace can prove it was not bought.
    /// </summary>
    public bool AnswerArrived => EndedAt is not null && ErrorKind is { } kind && !SmsBuyzApiException.IsLostAnswer(kind);

    internal static BuyIntent From(IntentRow r) => new(r.Id, r.Rule, r.IdemKey, r.Mode, r.Country, r.Operator, r.Product,
        Money.FromUnits(r.MaxPrice), Money.FromUnits(r.Reserved), Enum.Parse<IntentState>(r.State), r.OrderId, UnixMs.To(r.CreatedAt),
        r.SentAt is { } s ? UnixMs.To(s) : null, r.Error,
        r.ErrorKind is { } k && Enum.TryParse<ApiErrorKind>(k, out var kind) ? kind : null, r.EndedAt is { } e ? UnixMs.To(e) : null);
}

internal sealed record IntentRow(long Id, string Rule, string IdemKey, string Mode, string Country, string Operator, string Product,
    long MaxPrice, long Reserved, string State, long? OrderId, long CreatedAt, long? SentAt, string? Error, string? ErrorKind, long? EndedAt)
{
    public const string Columns = """
        id AS Id, rule AS Rule, idem_key AS IdemKey, mode AS Mode, country AS Country, operator AS Operator, product AS Product,
        max_price AS MaxPrice, reserved AS Reserved, state AS State, order_id AS OrderId, created_at AS CreatedAt, sent_at AS SentAt,
        error AS Error, error_kind AS ErrorKind, ended_at AS EndedAt
        """;
}
