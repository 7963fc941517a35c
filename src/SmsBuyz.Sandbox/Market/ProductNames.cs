namespace SmsBuyz.Sandbox.Market;

/// <summary>Product names as the provider spells them; real ones first, "productN" after.</summary>
internal static class ProductNames
{
    private static readonly string[] Real =
    [
        "telegram", "whatsapp", "google", "microsoft", "amazon", "facebook", "instagram", "twitter", "discord", "viber",
        "wechat", "tiktok", "uber", "apple", "yahoo", "netflix", "openai", "paypal", "ebay", "airbnb",
        "linkedin", "snapchat", "steam", "tinder", "line", "kakaotalk", "signal", "vkontakte", "mailru", "yandex",
        "avito", "ozon", "wildberries", "alibaba", "aliexpress", "shopee", "lazada", "grab", "gojek", "careem",
        "bolt", "lyft", "doordash", "deliveroo", "foodpanda", "zalo", "imo", "skype", "naver", "nike",
        "spotify", "twitch", "reddit", "pinterest", "tumblr", "protonmail", "blizzard", "epicgames", "roblox", "coinbase",
        "binance", "bybit", "okx", "kucoin", "revolut", "wise", "skrill", "payoneer", "venmo", "cashapp",
    ];

    public static IReadOnlyList<string> Take(int count) =>
        Enumerable.Range(0, count)
            .Select(i => i < Real.Length ? Real[i] : "product" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture))
            .ToList();

    /// <summary>How the product signs its SMS: "telegram" → "Telegram".</summary>
    public static string Sender(string product) => char.ToUpperInvariant(product[0]) + product[1..];
}
