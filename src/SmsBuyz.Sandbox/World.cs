using SmsBuyz.Sandbox.Accounts;
using SmsBuyz.Sandbox.Market;

namespace SmsBuyz.Sandbox;

/// <summary>Everything the lock in <see cref="SandboxState"/> guards.</summary>
internal sealed record World(Catalog Catalog, IMarket Market, Ledger Ledger, OrderBook Orders);

/// <summary>The world as seen at one sandbox instant, handed out only while the lock is held.</summary>
internal sealed record WorldAt(World World, DateTimeOffset Now)
{
    public Catalog Catalog => World.Catalog;

    public IMarket Market => World.Market;

    public Ledger Ledger => World.Ledger;

    public OrderBook Orders => World.Orders;
}
