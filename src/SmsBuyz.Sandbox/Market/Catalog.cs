namespace SmsBuyz.Sandbox.Market;

/// <summary>A country with its operators; its offers occupy a contiguous block of the market.</summary>
internal sealed record Country(string Iso, string Name, string PhonePrefix, IReadOnlyList<string> Operators, int FirstOffer);

/// <summary>What exists: countries, their operators and products. Fixed for a seed; prices live in <see cref="IMarket"/>.</summary>
internal sealed class Catalog
{
    public Catalog(SandboxOptions options)
    {
        // One draw for both dialects: with one seed, the providers carry the same operators, only spelled their way.
        var random = SeededRandom.For(options.Seed, "operators", 0);
        Products = ProductNames.Take(options.Products);
        var countries = new List<Country>();
        var offset = 0;
        foreach (var (iso, name, prefix) in CountryNames.Take(options.Countries))
        {
            var operators = options.Operators.Count > 0
                ? options.Operators
                : OperatorNames.Pick(random, random.Between(options.MinOperatorsPerCountry, options.MaxOperatorsPerCountry));
            if (options.Dialect == SandboxDialect.FiveSim)
            {
                // 5sim spells operators in lower case: "virtual21", "beeline" (5sim.net/docs, guest/prices and orders).
                operators = [.. operators.Select(o => o.ToLowerInvariant())];
            }

            countries.Add(new Country(iso, name, prefix, operators, offset));
            offset += operators.Count * Products.Count;
        }

        Countries = countries;
        OfferCount = offset;
    }

    public IReadOnlyList<Country> Countries { get; }

    public IReadOnlyList<string> Products { get; }

    public int OfferCount { get; }

    /// <summary>By ISO code or provider name, case-insensitive, as the API accepts both.</summary>
    public Country? FindCountry(string isoOrName) =>
        Countries.FirstOrDefault(c =>
            string.Equals(c.Iso, isoOrName, StringComparison.OrdinalIgnoreCase)
            || string.Equals(c.Name, isoOrName, StringComparison.OrdinalIgnoreCase));

    /// <summary>Index among the country's operators, or -1.</summary>
    public static int FindOperator(Country country, string name)
    {
        for (var i = 0; i < country.Operators.Count; i++)
        {
            if (string.Equals(country.Operators[i], name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>By name (case-insensitive) or by PID, the 1-based position in the catalog; -1 if unknown.</summary>
    public int FindProduct(string nameOrPid)
    {
        if (int.TryParse(nameOrPid, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var pid))
        {
            return pid >= 1 && pid <= Products.Count ? pid - 1 : -1;
        }

        for (var i = 0; i < Products.Count; i++)
        {
            if (string.Equals(Products[i], nameOrPid, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    public int OfferIndex(Country country, int op, int product) => country.FirstOffer + (op * Products.Count) + product;
}
