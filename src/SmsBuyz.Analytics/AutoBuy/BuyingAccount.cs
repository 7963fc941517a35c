using SmsBuyz.Analytics.Providers;

namespace SmsBuyz.Analytics.AutoBuy;

/// <summary>
/// One configured account as auto-buy uses it, one per provider entry: its connection (client, identities) and the
/// parts that keep that account's own state from step to step: the reconciler of its unknown buys, the sender of its
/// buys (which notes into that reconciler) and the tracker of its open orders. Order ids, the one buy in flight and the
/// open orders are all per account, so none of these is shared between accounts.
/// </summary>
public sealed class BuyingAccount(ProviderConnection connection, Reconciler reconciler, BuySender sender, OrderTracker tracker)
{
    public ProviderConnection Connection { get; } = connection;
    public Reconciler Reconciler { get; } = reconciler;
    public BuySender Sender { get; } = sender;
    public OrderTracker Tracker { get; } = tracker;

    /// <summary>The provider's configured name, as offers and rules' <c>Providers</c> name it.</summary>
    public string Provider => Connection.Name;

    public override string ToString() => Connection.Identities.Account?.ToString() ?? Connection.Setting;
}
