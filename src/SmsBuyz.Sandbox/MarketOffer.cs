namespace SmsBuyz.Sandbox;

/// <summary>One product at one operator of one country, at sandbox now.</summary>
public sealed record MarketOffer(string CountryIso, string CountryName, string Operator, string Product, decimal Price, long Qty);
