namespace SmsBuyz.Analytics.Tests.Api;

/// <summary>The response bodies exactly as the API documentation shows them.</summary>
internal static class DocBodies
{
    public const string Profile = """
        {"id": 1, "email": "user@example.com", "balance": 10.50, "rating": 0, "default_operator": "any"}
        """;

    public const string Orders = """
        [{"id": 123, "phone": "79001234567", "operator": "Virtual1", "product": "microsoft", "price": 0.4118,
          "status": "FINISHED", "country": "ru", "created_at": "2026-01-15T12:00:00",
          "sms": [{"created_at": "2026-01-15T12:01:30", "code": "123456", "text": "Your code is 123456"}]}]
        """;

    public const string Buy = """
        {"id": 123, "phone": "79001234567", "operator": "Virtual1", "product": "microsoft", "price": 0.4118,
         "status": "PENDING", "expires": "2026-01-15T12:20:00", "sms": [], "created_at": "2026-01-15T12:00:00",
         "country": "ru"}
        """;

    public const string Check = """
        {"id": 123, "phone": "79001234567", "operator": "Virtual1", "product": "microsoft", "price": 0.4118,
         "status": "RECEIVED", "country": "ru",
         "sms": [{"created_at": "2026-01-15T12:01:30", "code": "012345", "text": "Your code is 012345", "sender": "Microsoft"}]}
        """;

    public const string Products = """
        {"microsoft": {"Category": "activation", "Qty": 45832, "Price": 0.4118},
         "amazon": {"Category": "activation", "Qty": 12004, "Price": 0.5147}}
        """;

    public const string PricesProductCountry = """
        {"ru": {"Virtual1": {"cost": 0.4118, "count": 45832}}}
        """;

    public static DateTimeOffset Utc(int hour, int minute, int second = 0) =>
        new(2026, 1, 15, hour, minute, second, TimeSpan.Zero);
}
