namespace SmsBuyz.Analytics.AutoBuy.Rules;

public enum AutoBuyMode { Off, DryRun, Live }

/// <summary>
/// The <c>AutoBuy</c> section: global mode, money guards and order handling. Beside the rules because the evaluator
/// judges every rule against its mode and money guards (<see cref="RuleEvaluator"/>).
/// </summary>
public sealed class AutoBuyOptions
{
    public const string Section = "AutoBuy";

    /// <summary>Dry-run by default: live buying is an explicit setting.</summary>
    public AutoBuyMode Mode { get; set; } = AutoBuyMode.DryRun;

    /// <summary>Most that all rules together may charge per UTC day; null = no global cap.</summary>
    public decimal? DailyBudget { get; set; }

    /// <summary>Never buy when the balance after the buy would fall below this.</summary>
    public decimal MinBalance { get; set; }

    public int MaxOpenOrders { get; set; } = 5;

    /// <summary>Cancel (for a refund) an order without a code this long after it was created.</summary>
    public TimeSpan CancelAfter { get; set; } = TimeSpan.FromMinutes(10);

    public bool FinishOnCode { get; set; } = true;

    /// <summary>While this file exists no new buys start; open orders are still tracked. Empty = no kill switch.</summary>
    public string KillSwitchFile { get; set; } = "data/STOP";

    /// <summary>How often each open order's <c>check</c> is polled (3–5 s; each poll is jittered ±10 %).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>
    /// Slack between our clock and the provider's order timestamps: widens which order creation times can match an
    /// unknown buy. It decides nothing about how long to wait; evidence does (see <see cref="UnknownGrace"/>).
    /// </summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// A buy request that ended without an answer (timeout, dropped connection) may still be processed by the provider
    /// for a moment: its intent is proved absent only by an orders read started this long after the request ended.
    /// An answer that arrived (even a 5xx) needs no grace: the first orders read after it decides.
    /// </summary>
    public TimeSpan UnknownGrace { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A rule that failed this many buys in a row is paused for <see cref="PauseFor"/>.</summary>
    public int PauseAfterFailures { get; set; } = 3;

    public TimeSpan PauseFor { get; set; } = TimeSpan.FromHours(1);
}
