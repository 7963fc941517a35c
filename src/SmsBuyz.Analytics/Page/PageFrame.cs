namespace SmsBuyz.Analytics.Page;

/// <summary>What every page shares: where Hangfire's dashboard is (its path on this host) and how often the browser reloads.</summary>
public sealed record PageFrame(string DashboardPath, int RefreshSeconds);
