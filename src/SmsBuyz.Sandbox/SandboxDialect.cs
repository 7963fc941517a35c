namespace SmsBuyz.Sandbox;

/// <summary>Which provider's API the sandbox speaks. Both serve the same endpoints; they differ in shapes and spellings.</summary>
public enum SandboxDialect
{
    /// <summary>SmsBuyz as documented: ISO codes in answers, <c>Virtual1</c>, orders as an array, <c>"sms": []</c>.</summary>
    SmsBuyz,

    /// <summary>
    /// 5sim's shapes (5sim.net/docs): country names in answers, operators in lower case, wrapped orders and payments,
    /// <c>"sms": null</c>, large ids, and its own prices and stock (see <see cref="Endpoints.FiveSimAnswers"/>).
    /// </summary>
    FiveSim,
}

internal static class SandboxDialects
{
    /// <summary>
    /// The name of a seeded random stream for this dialect: SmsBuyz keeps the historical names (same seed, same world as
    /// before dialects existed); FiveSim draws from streams of its own, so one seed gives two different providers.
    /// </summary>
    public static string Stream(this SandboxDialect dialect, string purpose) =>
        dialect == SandboxDialect.SmsBuyz ? purpose : purpose + "-5sim";
}
