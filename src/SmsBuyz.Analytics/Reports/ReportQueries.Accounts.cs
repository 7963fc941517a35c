using System.Globalization;
using Dapper;
using SmsBuyz.Analytics.Api;
using SmsBuyz.Analytics.Providers;
using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.Reports;

/// <summary>
/// An account as stored, with its provider's name, its last known balance (the profile the latest account sweep stored
/// of it: money in 1e-4 units, time in Unix ms; null before any) and its open orders (not final, as <c>MaxOpenOrders</c> counts them).
/// </summary>
public sealed record AccountRow
{
    public long Id { get; init; }
    public string Provider { get; init; } = "";
    public string Account { get; init; } = "";
    public string? Email { get; init; }
    public long? Balance { get; init; }
    public long? BalanceAt { get; init; }
    public long OpenOrders { get; init; }

    /// <summary>As people read it: <c>42 (u@example.com) at smsbuyz</c>.</summary>
    public string Name => $"{Account}{(Email is null ? "" : $" ({Email})")} at {Provider}";

    /// <summary><c>10.00 (2026-01-15 12:00:00Z)</c>, or <c>unknown</c> before any profile read.</summary>
    public string BalanceText => Balance is { } b && BalanceAt is { } at
        ? $"{Money.Format(Money.FromUnits(b))} ({UnixMs.To(at).ToString("u", CultureInfo.InvariantCulture)})"
        : "unknown (no account sweep yet)";
}

public sealed partial class ReportQueries
{
    /// <summary>Every stored account, or <paramref name="provider"/>'s, by provider name and account id.</summary>
    public async Task<IReadOnlyList<AccountRow>> AccountsAsync(ProviderRef? provider, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<AccountRow>(new CommandDefinition($"""
            SELECT a.id AS Id, v.name AS Provider, a.external_id AS Account, a.email AS Email,
                   (SELECT h.balance FROM profile_history h WHERE h.account_id = a.id ORDER BY h.observed_at DESC, h.id DESC LIMIT 1) AS Balance,
                   (SELECT max(h.observed_at) FROM profile_history h WHERE h.account_id = a.id) AS BalanceAt,
                   (SELECT count(*) FROM orders o WHERE o.account_id = a.id AND o.status NOT IN {SqlList.Of(OrderStatus.Final)}) AS OpenOrders
            FROM account a JOIN provider v ON v.id = a.provider_id
            {(provider is null ? "" : "WHERE a.provider_id = @provider")}
            ORDER BY v.name{db.ByBytes()}, a.external_id{db.ByBytes()}, a.id
            """, new { provider = provider?.Id }, cancellationToken: ct));
        return rows.ToList();
    }
}
