namespace SmsBuyz.Sandbox.Market;

/// <summary>
/// Operator names as the provider spells them: resellers capitalised as the API document shows them (<c>Virtual1</c>),
/// carriers in lower case. Paths accept any case, as the API does.
/// </summary>
internal static class OperatorNames
{
    private static readonly string[] Carriers =
    [
        "mts", "beeline", "megafon", "tele2", "vodafone", "orange", "tmobile", "att", "verizon", "o2",
        "three", "lycamobile", "airtel", "jio", "claro", "movistar", "mtn", "etisalat", "telkomsel", "globe",
    ];

    /// <summary>Each country has at most one virtual operator plus distinct carriers.</summary>
    public static int Max => 1 + Carriers.Length;

    /// <summary>A reseller first (numbered 1–60, as the provider shows), then distinct carriers.</summary>
    public static IReadOnlyList<string> Pick(Random random, int count)
    {
        var names = new List<string>(count) { "Virtual" + random.Between(1, 60).ToString(System.Globalization.CultureInfo.InvariantCulture) };
        var pool = Carriers.ToList();
        while (names.Count < count)
        {
            var index = random.Next(pool.Count);
            names.Add(pool[index]);
            pool.RemoveAt(index);
        }

        return names;
    }
}
