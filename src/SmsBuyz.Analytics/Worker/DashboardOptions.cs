namespace SmsBuyz.Analytics.Worker;

/// <summary>The <c>Dashboard</c> section: Hangfire's web dashboard inside the worker.</summary>
public sealed class DashboardOptions
{
    public const string Section = "Dashboard";

    public bool Enabled { get; set; } = true;

    /// <summary>Where it listens, path included. Loopback by default; anything else needs credentials.</summary>
    public string Url { get; set; } = "http://127.0.0.1:5080/hangfire";

    public string Username { get; set; } = "";

    public string Password { get; set; } = "";

    public bool HasCredentials => Username.Length > 0 && Password.Length > 0;
}
