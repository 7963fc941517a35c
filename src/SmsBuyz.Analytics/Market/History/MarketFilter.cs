namespace SmsBuyz.Analytics.Market.History;

/// <summary>
/// Which series a read of the <see cref="MarketReadModel"/> covers. Products and countries as anyone spells them
/// (<c>Telegram</c>, <c>russia</c>): the read model turns them into keys. Empty lists mean all.
/// </summary>
public sealed record MarketFilter
{
    public static readonly MarketFilter All = new();

    /// <summary>One provider's series (its id); null: every provider's, each series still its provider's own.</summary>
    public long? Provider { get; init; }

    public IReadOnlyList<string> Products { get; init; } = [];

    public IReadOnlyList<string> Countries { get; init; } = [];

    /// <summary>False: real operators only, without the API's <c>any</c> aggregate (a buy names a real operator).</summary>
    public bool WithAggregate { get; init; } = true;
}
