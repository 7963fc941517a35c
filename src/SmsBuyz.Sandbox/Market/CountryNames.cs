namespace SmsBuyz.Sandbox.Market;

/// <summary>Country names as the provider spells them (5sim style: russia, usa, england), with their ISO codes.</summary>
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

    // More real countries, for large markets; phone prefixes are made up from their position.
    private static readonly (string Iso, string Name)[] More =
    [
        ("ad", "andorra"), ("af", "afghanistan"), ("ag", "antiguaandbarbuda"), ("ai", "anguilla"), ("al", "albania"),
        ("am", "armenia"), ("ao", "angola"), ("as", "americansamoa"), ("aw", "aruba"), ("ax", "alandislands"),
        ("az", "azerbaijan"), ("ba", "bih"), ("bb", "barbados"), ("bf", "burkinafaso"), ("bh", "bahrain"),
        ("bi", "burundi"), ("bj", "benin"), ("bl", "saintbarthelemy"), ("bm", "bermuda"), ("bn", "brunei"),
        ("bo", "bolivia"), ("bq", "bonaire"), ("bs", "bahamas"), ("bt", "bhutan"), ("bw", "botswana"),
        ("by", "belarus"), ("bz", "belize"), ("cc", "cocosislands"), ("cd", "drcongo"),
        ("cf", "centralafricanrepublic"), ("cg", "congo"), ("ci", "ivorycoast"), ("ck", "cookislands"),
        ("cm", "cameroon"), ("cr", "costarica"), ("cu", "cuba"), ("cv", "capeverde"), ("cw", "curacao"),
        ("cx", "christmasisland"), ("cy", "cyprus"), ("dj", "djibouti"), ("dm", "dominica"), ("do", "dominicana"),
        ("dz", "algeria"), ("ec", "ecuador"), ("ee", "estonia"), ("eh", "westernsahara"), ("er", "eritrea"),
        ("et", "ethiopia"), ("fj", "fiji"), ("fk", "falklandislands"), ("fm", "micronesia"), ("fo", "faroeislands"),
        ("ga", "gabon"), ("gd", "grenada"), ("gf", "frenchguiana"), ("gg", "guernsey"), ("gh", "ghana"),
        ("gi", "gibraltar"), ("gl", "greenland"), ("gm", "gambia"), ("gn", "guinea"), ("gp", "guadeloupe"),
        ("gq", "equatorialguinea"), ("gt", "guatemala"), ("gu", "guam"), ("gw", "guineabissau"), ("gy", "guyana"),
        ("hn", "honduras"), ("hr", "croatia"), ("ht", "haiti"), ("ie", "ireland"), ("im", "isleofman"), ("iq", "iraq"),
        ("ir", "iran"), ("is", "iceland"), ("je", "jersey"), ("jm", "jamaica"), ("jo", "jordan"), ("ki", "kiribati"),
        ("km", "comoros"), ("kn", "saintkittsandnevis"), ("kp", "northkorea"), ("kr", "southkorea"), ("kw", "kuwait"),
        ("ky", "caymanislands"), ("la", "laos"), ("lb", "lebanon"), ("lc", "saintlucia"), ("li", "liechtenstein"),
        ("lr", "liberia"), ("ls", "lesotho"), ("lu", "luxembourg"), ("ly", "libya"), ("mc", "monaco"),
        ("md", "moldova"), ("me", "montenegro"), ("mf", "saintmartin"), ("mg", "madagascar"),
        ("mh", "marshallislands"), ("mk", "northmacedonia"), ("ml", "mali"), ("mm", "myanmar"), ("mn", "mongolia"),
        ("mo", "macau"), ("mp", "northernmarianaislands"), ("mq", "martinique"), ("mr", "mauritania"),
        ("ms", "montserrat"), ("mt", "malta"), ("mu", "mauritius"), ("mv", "maldives"), ("mw", "malawi"),
        ("mz", "mozambique"), ("na", "namibia"), ("nc", "newcaledonia"), ("ne", "niger"), ("nf", "norfolkisland"),
        ("ni", "nicaragua"), ("nr", "nauru"), ("nu", "niue"), ("nz", "newzealand"), ("om", "oman"), ("pa", "panama"),
        ("pf", "frenchpolynesia"), ("pg", "papuanewguinea"), ("pm", "saintpierreandmiquelon"), ("pn", "pitcairn"),
        ("pr", "puertorico"), ("ps", "palestine"), ("pw", "palau"), ("py", "paraguay"), ("qa", "qatar"),
        ("re", "reunion"), ("ro", "romania"), ("rs", "serbia"), ("rw", "rwanda"), ("sb", "solomonislands"),
        ("sc", "seychelles"), ("sd", "sudan"), ("sg", "singapore"), ("sh", "sainthelena"), ("si", "slovenia"),
        ("sj", "svalbardandjanmayen"), ("sl", "sierraleone"), ("sm", "sanmarino"), ("sn", "senegal"),
        ("so", "somalia"), ("sr", "suriname"), ("ss", "southsudan"), ("st", "saotomeandprincipe"), ("sv", "salvador"),
        ("sx", "sintmaarten"), ("sy", "syria"), ("sz", "swaziland"), ("tc", "turksandcaicos"), ("td", "chad"),
        ("tg", "togo"), ("tj", "tajikistan"), ("tk", "tokelau"), ("tl", "easttimor"), ("tm", "turkmenistan"),
        ("tn", "tunisia"), ("to", "tonga"), ("tt", "tit"), ("tv", "tuvalu"), ("tw", "taiwan"), ("tz", "tanzania"),
        ("ug", "uganda"), ("uy", "uruguay"), ("va", "vatican"), ("vc", "saintvincentandgrenadines"),
        ("ve", "venezuela"), ("vg", "britishvirginislands"), ("vi", "usvirginislands"), ("vu", "vanuatu"),
        ("wf", "wallisandfutuna"), ("ws", "samoa"), ("ye", "yemen"), ("yt", "mayotte"), ("zm", "zambia"),
        ("zw", "zimbabwe"),
    ];

    /// <summary>The first <paramref name="count"/> countries (at most <see cref="Max"/>): the list above, then <see cref="More"/>.</summary>
    public static IReadOnlyList<(string Iso, string Name, string Prefix)> Take(int count) =>
        Real.Concat(More.Select((c, i) => (c.Iso, c.Name, (600 + i).ToString(System.Globalization.CultureInfo.InvariantCulture))))
            .Take(count).ToList();
}
