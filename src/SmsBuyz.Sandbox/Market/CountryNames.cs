namespace SmsBuyz.Sandbox.Market;

/// <summary>Country names as the provider spells them; real ones first, synthetic ones after.</summary>
internal static class CountryNames
{
    public const int Max = 200;

    // (ISO code, provider name, calling code) — the calling code makes phone numbers look right.
    private static readonly (string Iso, string Name, string Prefix)[] Real =
    [
        ("ru", "russia", "7"), ("us", "usa", "1"), ("gb", "england", "44"), ("ua", "ukraine", "380"),
        ("kz", "kazakhstan", "7"), ("cn", "china", "86"), ("ph", "philippines", "63"), ("id", "indonesia", "62"),
        ("my", "malaysia", "60"), ("ke", "kenya", "254"), ("vn", "vietnam", "84"), ("kg", "kyrgyzstan", "996"),
        ("il", "israel", "972"), ("hk", "hongkong", "852"), ("pl", "poland", "48"), ("eg", "egypt", "20"),
        ("ng", "nigeria", "234"), ("ma", "morocco", "212"), ("ar", "argentina", "54"), ("in", "india", "91"),
        ("uz", "uzbekistan", "998"), ("kh", "cambodia", "855"), ("de", "germany", "49"), ("lt", "lithuania", "370"),
        ("se", "sweden", "46"), ("nl", "netherlands", "31"), ("lv", "latvia", "371"), ("at", "austria", "43"),
        ("th", "thailand", "66"), ("mx", "mexico", "52"), ("es", "spain", "34"), ("tr", "turkey", "90"),
        ("cz", "czech", "420"), ("pk", "pakistan", "92"), ("br", "brazil", "55"), ("fr", "france", "33"),
        ("be", "belgium", "32"), ("bg", "bulgaria", "359"), ("hu", "hungary", "36"), ("it", "italy", "39"),
        ("ae", "uae", "971"), ("pt", "portugal", "351"), ("ge", "georgia", "995"), ("gr", "greece", "30"),
        ("sk", "slovakia", "421"), ("fi", "finland", "358"), ("dk", "denmark", "45"), ("ch", "switzerland", "41"),
        ("no", "norway", "47"), ("au", "australia", "61"), ("jp", "japan", "81"), ("ca", "canada", "1"),
        ("co", "colombia", "57"), ("cl", "chile", "56"), ("pe", "peru", "51"), ("za", "southafrica", "27"),
        ("sa", "saudiarabia", "966"), ("bd", "bangladesh", "880"), ("lk", "srilanka", "94"), ("np", "nepal", "977"),
    ];

    /// <summary>The first <paramref name="count"/> countries; past the real list, codes are unused letter pairs.</summary>
    public static IReadOnlyList<(string Iso, string Name, string Prefix)> Take(int count)
    {
        var result = Real.Take(count).ToList();
        var used = Real.Select(c => c.Iso).ToHashSet(StringComparer.Ordinal);
        for (var first = 'a'; first <= 'z' && result.Count < count; first++)
        {
            for (var second = 'a'; second <= 'z' && result.Count < count; second++)
            {
                var iso = string.Concat(first, second);
                if (used.Add(iso))
                {
                    result.Add((iso, "country" + iso, (800 + result.Count).ToString(System.Globalization.CultureInfo.InvariantCulture)));
                }
            }
        }

        return result;
    }
}
