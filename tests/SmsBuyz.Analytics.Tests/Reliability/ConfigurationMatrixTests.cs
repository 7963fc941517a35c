using SmsBuyz.Analytics.Cli;
using SmsBuyz.Analytics.Tests.Infrastructure;

namespace SmsBuyz.Analytics.Tests.Reliability;

/// <summary>Every key of every options class with a bad value: exit 2 at start, the key and what fits named, nothing written.</summary>
public sealed class ConfigurationMatrixTests
{
    public static TheoryData<string, string, string> BadValues() => new()
    {
        // key, JSON value, text naming what is allowed
        { "SmsBuyz:BaseUrl", "\"ftp://example.com\"", "absolute http(s) URL" },
        { "SmsBuyz:BaseUrl", "\"\"", "absolute http(s) URL" },
        { "SmsBuyz:ApiKey", "\" padded-key\"", "must not contain spaces" },
        { "SmsBuyz:RequestsPerSecond", "-1", "between 0.1 and 1000" },
        { "SmsBuyz:RequestsPerSecond", "\"fast\"", "a number" },
        { "SmsBuyz:TimeoutSeconds", "-5", "between 1 and 600" },
        { "SmsBuyz:TimeoutSeconds", "\"soon\"", "a whole number" },
        { "SmsBuyz:MaxReadRetries", "11", "between 0 and 10" },
        { "SmsBuyz:RetryDelaySeconds", "-1", "between 0.001 and 60" },
        { "Storage:Database", "\"\"", "file path" },
        { "Storage:BusyTimeoutSeconds", "-1", "between 0 and 3600" },
        { "Storage:MaxSizeMegabytes", "-1", "between 0 (no limit)" },
        { "Storage:Provider", "\"Postgres\"", "one of Sqlite, PostgreSql" },
        { "Monitor:Countries", "[\"ru\", \"\"]", "non-empty name" },
        { "Monitor:Operators", "[\"any operator\"]", "non-empty name" },
        { "Monitor:Products", "[\"\"]", "non-empty name" },
        { "Monitor:Products", "[\"*\", \"telegram\"]", "must be the only entry" },
        { "Retention:RawDays", "0", "between 1 and 36500" },
        { "Retention:HourlyDays", "1", "at least Retention:RawDays" },
        { "Retention:StockDeadbandPercent", "101", "between 0 and 100" },
        { "Schedules:Products", "\"0 */5 * * * *\"", "5-field cron" },
        { "Schedules:Prices", "\"*/5 * * *\"", "5-field cron" },
        { "Schedules:Account", "\"every ten minutes\"", "5-field cron" },
        { "Schedules:Reports", "\"61 * * * *\"", "5-field cron" },
        { "Schedules:Maintenance", "\"15 3 * * * * *\"", "5-field cron" },
        { "Schedules:SweepOnStart", "\"sometimes\"", "true or false" },
        { "Schedules:TimeZone", "\"Mars/Olympus_Mons\"", "IANA time zone" },
        { "Hangfire:Storage", "\"Postgres\"", "one of Sqlite, InMemory" },
        { "Hangfire:Database", "\"\"", "file path" },
        { "Hangfire:Storage", "\"PostgreSql\"", "requires Storage:Provider PostgreSql" },
        { "Dashboard:Enabled", "\"yes\"", "true or false" },
        { "Dashboard:Url", "\"ftp://127.0.0.1/hangfire\"", "http://ADDRESS:PORT/PATH" },
        { "Dashboard:Url", "\"http://0.0.0.0:5080/hangfire\"", "are required when Dashboard:Url is not a loopback" },
        { "Worker:ReportsDirectory", "\"\"", "folder path" },
        { "AutoBuy:Mode", "\"Yolo\"", "one of Off, DryRun, Live" },
        { "AutoBuy:DailyBudget", "-1", "must be positive when set" },
        { "AutoBuy:DailyBudget", "0", "must be positive when set" },
        { "AutoBuy:MinBalance", "-0.01", "must not be negative" },
        { "AutoBuy:CancelAfter", "\"00:20:00\"", "under 00:20:00" },
        { "AutoBuy:CancelAfter", "\"01:00:00\"", "under 00:20:00" },
        { "AutoBuy:PollInterval", "\"00:00:02\"", "00:00:03–00:00:05" },
        { "AutoBuy:PollInterval", "\"00:00:06\"", "00:00:03–00:00:05" },
        { "Notifications:WebhookUrl", "\"ftp://hooks.example.com/x\"", "absolute http(s) URL" },
        { "Notifications:WebhookUrl", "\"hooks.example.com/x\"", "absolute http(s) URL" },
        { "AutoBuy:MaxOpenOrders", "0", "must be 1–100" },
        { "AutoBuy:ClockSkew", "\"00:00:01\"", "00:00:05–00:30:00" },
        { "AutoBuy:UnknownGrace", "\"00:00:00\"", "00:00:01–00:10:00" },
        { "AutoBuy:UnknownGrace", "\"01:00:00\"", "00:00:01–00:10:00" },
        { "AutoBuy:PauseAfterFailures", "101", "must be 1–100" },
        { "AutoBuy:PauseFor", "\"00:00:30\"", "at least 00:01:00" },
        // Values the binder would silently skip or drop.
        { "Monitor:Countries", "[\"ru\", \"xx\"]", "'xx' is not a country this app knows" },
        { "Monitor:Countries", "{\"first\": \"ru\"}", "must be a list" },
        { "SmsBuyz:TimeoutSeconds", "{\"value\": 5}", "must be a single value" },
        { "AutoBuy:DailyBudget", "\"1,5\"", "a number with a '.' for decimals" },
        { "AutoBuy:Mode", "\"1\"", "one of Off, DryRun, Live" },
        // Keys that are not settings, with the one probably meant.
        { "SmsBuyz:ApiKy", "\"k\"", "not a setting; did you mean ApiKey?" },
        { "Storage:Databse", "\"x.db\"", "not a setting; did you mean Database?" },
        { "Monitor:Country", "[\"ru\"]", "not a setting; did you mean Countries?" },
        { "Retention:RawDay", "7", "not a setting; did you mean RawDays?" },
        { "Schedules:Product", "\"*/5 * * * *\"", "not a setting; did you mean Products?" },
        { "Hangfire:Storag", "\"InMemory\"", "not a setting; did you mean Storage?" },
        { "Dashboard:Pasword", "\"x\"", "not a setting; did you mean Password?" },
        { "Reports:DefaultDay", "7", "not a setting; did you mean DefaultDays?" },
        { "Worker:ReportDirectory", "\"r\"", "not a setting; did you mean ReportsDirectory?" },
        { "AutoBuy:DailyBuget", "1.0", "not a setting; did you mean DailyBudget?" },
        { "Notifications:WebhookUri", "\"http://x\"", "not a setting; did you mean WebhookUrl?" },
        { "AutoBuy:Sound", "true", "is not a setting" },
        // The framework's own section: an unreadable level used to end in an unhandled exception with a stack trace.
        { "Logging:LogLevel", "{\"Default\": \"Verbose\"}", "Logging:LogLevel:Default must be one of Trace, Debug" },
    };

    private const string GoodRule = "\"Name\": \"r1\", \"Product\": \"telegram\", \"Countries\": [\"ru\"], \"MaxPrice\": 1";

    public static TheoryData<string, string, string> BadRules() => new()
    {
        // the Rules array, the key that must be named, text naming what is allowed
        { "[{\"Name\": \"r1\", \"Product\": \"\", \"Countries\": [\"ru\"], \"MaxPrice\": 1}]", "Rules:0:Product", "must name a product" },
        { $"[{{{GoodRule}}}, {{{GoodRule}}}]", "Rules:1:Name", "used by two rules" },
        { "[{\"Name\": \"r1\", \"Product\": \"telegram\", \"Countries\": [\"ru\"], \"MaxPrice\": -0.5}]", "Rules:0:MaxPrice", "must be positive" },
        { "[{\"Name\": \"r1\", \"Product\": \"telegram\", \"Countries\": [\"ru\"], \"DropPercent\": 150}]", "Rules:0:DropPercent", "between 0 and 100" },
        { "[{\"Name\": \"r1\", \"Product\": \"telegram\", \"Countries\": [\"ru\"], \"DropPercent\": -5}]", "Rules:0:DropPercent", "between 0 and 100" },
        { "[{\"Name\": \"r1\", \"Product\": \"telegram\", \"Countries\": [\"ru\"], \"DropPercent\": 20, \"Window\": \"00:00:00\"}]", "Rules:0:Window", "between 01:00:00 and 365.00:00:00" },
        { "[{\"Name\": \"r1\", \"Product\": \"telegram\", \"Countries\": [\"ru\"], \"DropPercent\": 20, \"Window\": \"400.00:00:00\"}]", "Rules:0:Window", "between 01:00:00 and 365.00:00:00" },
        { $"[{{{GoodRule}, \"WatchInterval\": \"00:00:01\"}}]", "Rules:0:WatchInterval", "at least 00:00:05" },
        { "[{\"Name\": \"a:b\", \"Product\": \"telegram\", \"Countries\": [\"ru\"], \"MaxPrice\": 1}]", "Rules:0:Name", "without ':'" },
        { "[{\"Name\": \"r1\", \"Product\": \"telegram\", \"Countries\": [\"*\", \"ru\"], \"MaxPrice\": 1}]", "Rules:0:Countries", "be [\"*\"] alone" },
        { "[{\"Name\": \"r1\", \"Product\": \"telegram\", \"Countries\": [\"ru\"]}]", "Rules:0", "at least one price condition" },
        { $"[{{{GoodRule}, \"LowestInDays\": 0}}]", "Rules:0:LowestInDays", "1–365" },
        { $"[{{{GoodRule}, \"MinQty\": 0}}]", "Rules:0:MinQty", "at least 1" },
        { $"[{{{GoodRule}, \"MaxOrdersPerDay\": 0}}]", "Rules:0:MaxOrdersPerDay", "at least 1 when set" },
        { $"[{{{GoodRule}, \"MaxSpendPerDay\": -1}}]", "Rules:0:MaxSpendPerDay", "must be positive" },
        { $"[{{{GoodRule}, \"Cooldown\": \"-00:01:00\"}}]", "Rules:0:Cooldown", "must not be negative" },
        // A misspelled limit would mean "no limit"; a value that does not fit made the whole rule vanish.
        { $"[{{{GoodRule}, \"MaxOrderPerDay\": 1}}]", "Rules:0:MaxOrderPerDay is not a setting", "did you mean MaxOrdersPerDay?" },
        { $"[{{{GoodRule}}}, {{\"Name\": \"r2\", \"Product\": \"telegram\", \"Countries\": [\"ru\"], \"MaxPrice\": \"abc\"}}]", "Rules:1:MaxPrice", "must be a number" },
        { $"[{{{GoodRule}, \"MaxSpendPerDay\": \"1,5\"}}]", "Rules:0:MaxSpendPerDay", "a number with a '.' for decimals" },
        { $"[{{{GoodRule}, \"MaxOrdersPerDay\": \"two\"}}]", "Rules:0:MaxOrdersPerDay", "a whole number" },
        { $"[{{{GoodRule}, \"Cooldown\": \"5m\"}}]", "Rules:0:Cooldown", "a duration as [d.]hh:mm:ss" },
        { $"[{{{GoodRule}, \"Enabled\": \"yes\"}}]", "Rules:0:Enabled", "true or false" },
        { $"[{{{GoodRule}, \"DropPercent\": 20, \"Baseline\": \"Average\"}}]", "Rules:0:Baseline", "one of Median, Mean, Min" },
        { $"[{{{GoodRule}, \"DropPercent\": 20, \"Window\": \"banana\"}}]", "Rules:0:Window", "a duration as [d.]hh:mm:ss" },
        { "[{\"Name\": \"r1\", \"Product\": \"telegram\", \"Countries\": [\"ru\", \"narnia\"], \"MaxPrice\": 1}]", "Rules:0:Countries:1", "'narnia' is not a country this app knows" },
        { $"[{{{GoodRule}, \"Operators\": {{\"a\": \"x\"}}}}]", "Rules:0:Operators", "must be a list" },
        { "{\"Name\": \"r1\"}", "Rules", "must be a list" },
        // Ranking by delivery and alert-only rules.
        { $"[{{{GoodRule}, \"RankBy\": \"Cheapest\"}}]", "Rules:0:RankBy", "one of Price, CostPerCode" },
        { $"[{{{GoodRule}, \"MinSuccessRate\": 80}}]", "Rules:0:MinSuccessRate", "a share between 0 and 1, such as 0.8 for 80 %" },
        { $"[{{{GoodRule}, \"MinDecided\": 0}}]", "Rules:0:MinDecided", "1–1000" },
        { $"[{{{GoodRule}, \"MinSucessRate\": 0.8}}]", "Rules:0:MinSucessRate is not a setting", "did you mean MinSuccessRate?" },
        { $"[{{{GoodRule}, \"Action\": \"Alert\"}}]", "Rules:0:Action", "one of Buy, Notify" },
        { $"[{{{GoodRule}, \"Action\": \"Notify\", \"RearmAfter\": \"00:00:10\"}}]", "Rules:0:RearmAfter", "between 00:01:00 and 30.00:00:00" },
        { $"[{{{GoodRule}, \"Action\": \"Notify\", \"RearmOnMovePercent\": 0}}]", "Rules:0:RearmOnMovePercent", "above 0 and at most 1000" },
        { $"[{{{GoodRule}, \"InStock\": true}}]", "Rules:0:InStock", "needs \"Action\": \"Notify\"" },
        { $"[{{{GoodRule}, \"Action\": \"Notify\", \"MaxSpendPerDay\": 1}}]", "Rules:0:MaxSpendPerDay", "a Notify rule never buys" },
        { $"[{{{GoodRule}, \"Action\": \"Notify\", \"RankBy\": \"CostPerCode\"}}]", "Rules:0:RankBy", "a Notify rule alerts on every offer" },
        { "[{\"Name\": \"r1\", \"Product\": \"telegram\", \"Countries\": [\"ru\"], \"Action\": \"Notify\"}]", "Rules:0", "or InStock on a Notify rule" },
        // Where it buys: configured providers only (here the SmsBuyz section's default name).
        { $"[{{{GoodRule}, \"Providers\": [\"5sim\"]}}]", "Rules:0:Providers names '5sim'", "not a configured provider (configured: smsbuyz)" },
        { $"[{{{GoodRule}, \"Providers\": [\"\"]}}]", "Rules:0:Providers", "must list provider names" },
        { $"[{{{GoodRule}, \"Provider\": \"smsbuyz\"}}]", "Rules:0:Provider is not a setting", "did you mean Providers?" },
    };

    private const string FiveSim = "\"Name\": \"5sim\", \"BaseUrl\": \"https://5sim.net/v1\"";

    public static TheoryData<string, string, string> BadProviders() => new()
    {
        // the Providers list (the SmsBuyz section left at its default, smsbuyz.com), the key that must be named, what fits
        { "[{\"BaseUrl\": \"https://5sim.net/v1\"}]", "Providers:0:Name", "is required" },
        { "[{\"Name\": \"5 sim\", \"BaseUrl\": \"https://5sim.net/v1\"}]", "Providers:0:Name", "must be letters, digits" },
        { "[{\"Name\": \"5sim\", \"BaseUrl\": \"5sim.net/v1\"}]", "Providers:0:BaseUrl", "absolute http(s) URL" },
        { $"[{{{FiveSim}, \"RequestsPerSecond\": 0}}]", "Providers:0:RequestsPerSecond", "between 0.1 and 1000" },
        { $"[{{{FiveSim}, \"TimeoutSeconds\": \"soon\"}}]", "Providers:0:TimeoutSeconds", "a whole number" },
        { "[{\"Name\": \"SMSBuyz\", \"BaseUrl\": \"https://5sim.net/v1\"}]", "Providers:0:Name 'SMSBuyz' is also SmsBuyz's", "give each provider its own name" },
        { $"[{{{FiveSim}}}, {{\"Name\": \"other\", \"BaseUrl\": \"https://5SIM.net/v1/\"}}]", "Providers:1:BaseUrl", "accounts at one provider share its name" },
        { $"[{{{FiveSim}, \"ApiKey\": \"k\"}}, {{{FiveSim}, \"ApiKey\": \"k\"}}]", "Providers:1 configures the same account as Providers:0", "remove one" },
        // Identity: the provider's key instead of its base URL, so two names for one Identity clash as two for one URL.
        { "[{\"Name\": \"mirror\", \"BaseUrl\": \"https://mirror.example/v1\", \"Identity\": \"https://smsbuyz.com/v1\"}]",
            "Providers:0:Identity is SmsBuyz's provider, named 'smsbuyz' there", "accounts at one provider share its name" },
        { "[{\"Name\": \"smsbuyz\", \"BaseUrl\": \"https://smsbuyz.com/v1\", \"Identity\": \"old-smsbuyz\"}]",
            "Providers:0:Name 'smsbuyz' is also SmsBuyz's, at another Identity (https://smsbuyz.com/v1)", "give each provider its own name" },
        { $"[{{{FiveSim}, \"ApiKy\": \"k\"}}]", "Providers:0:ApiKy is not a setting", "did you mean ApiKey?" },
        { "{\"Name\": \"5sim\"}", "Providers", "must be a list" },
    };

    [Theory]
    [MemberData(nameof(BadProviders))]
    public async Task AnyCommand_BadProviderEntry_Exits2NamingEntryKeyAndAllowedValuesAndWritesNothing(string providers, string key, string allowed)
    {
        using var cli = new CliHarness();
        File.WriteAllText(cli.ConfigPath, $"{{\"Providers\": {providers}, \"Storage\": {{\"Database\": \"{cli.DatabasePath}\"}}}}");

        await AssertRefusedAsync(cli, key, allowed);
    }

    private const string Secret = "s3cret-pw";
    private const string GoodPostgres = "\"Provider\": \"PostgreSql\", \"ConnectionString\": \"Host=db;Database=smsbuyz;Password=" + Secret + "\"";

    public static TheoryData<string, string, string> BadPostgreSqlSettings() => new()
    {
        // the Storage and Hangfire sections, text that must be named; the password (Secret) never shows
        { "\"Storage\": {\"Provider\": \"PostgreSql\"}", "Storage:ConnectionString", "is required" },
        { "\"Storage\": {\"Provider\": \"PostgreSql\", \"ConnectionString\": \"Host=db;Databse=smsbuyz;Password=" + Secret + "\"}",
            "Storage:ConnectionString", "Databse is not an Npgsql connection string keyword" },
        { "\"Storage\": {\"Provider\": \"PostgreSql\", \"ConnectionString\": \"Database=smsbuyz;Password=" + Secret + "\"}",
            "Storage:ConnectionString", "must name the server with Host=" },
        { "\"Storage\": {\"Provider\": \"PostgreSql\", \"ConnectionString\": \"Host=db;Password=" + Secret + "\"}",
            "Storage:ConnectionString", "must name the database with Database=" },
        { "\"Storage\": {\"Provider\": \"PostgreSql\", \"ConnectionString\": \"Host=db;Database=smsbuyz;Port=" + Secret + "\"}",
            "Storage:ConnectionString", "the value of Port is not one Npgsql accepts" },
        { "\"Storage\": {\"Provider\": \"PostgreSql\", \"ConnectionString\": \"Host=db;Database=smsbuyz;Password='" + Secret + "\"}",
            "Storage:ConnectionString", "is not a connection string of Keyword=value pairs" },
        { $"\"Storage\": {{{GoodPostgres}}}, \"Hangfire\": {{\"Storage\": \"PostgreSql\", \"ConnectionString\": \"Host=db;Pasword=" + Secret + "\"}",
            "Hangfire:ConnectionString", "Pasword is not an Npgsql connection string keyword" },
    };

    [Theory]
    [MemberData(nameof(BadPostgreSqlSettings))]
    public async Task AnyCommand_BadPostgreSqlSetting_Exits2NamingKeyNeverThePassword(string sections, string key, string allowed)
    {
        using var cli = new CliHarness();
        File.WriteAllText(cli.ConfigPath, $"{{{sections}}}");

        await AssertRefusedAsync(cli, key, allowed);
        var result = await cli.RunAsync("snapshot", "--config", cli.ConfigPath);
        Assert.DoesNotContain(Secret, result.Stdout + result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(BadValues))]
    public async Task AnyCommand_BadSetting_Exits2NamingKeyAndAllowedValuesAndWritesNothing(string key, string json, string allowed)
    {
        using var cli = new CliHarness();
        var (section, name) = (key.Split(':')[0], key.Split(':')[1]);
        var storage = section == "Storage" ? "" : $", \"Storage\": {{\"Database\": \"{cli.DatabasePath}\"}}";
        File.WriteAllText(cli.ConfigPath, $"{{\"{section}\": {{\"{name}\": {json}}}{storage}}}");

        await AssertRefusedAsync(cli, key, allowed);
    }

    [Theory]
    [MemberData(nameof(BadRules))]
    public async Task AnyCommand_BadRule_Exits2NamingRuleKeyAndAllowedValuesAndWritesNothing(string rules, string key, string allowed)
    {
        using var cli = new CliHarness();
        File.WriteAllText(cli.ConfigPath, $"{{\"Rules\": {rules}, \"Storage\": {{\"Database\": \"{cli.DatabasePath}\"}}}}");

        await AssertRefusedAsync(cli, key, allowed);
    }

    /// <summary>Both a one-shot command and the worker refuse the file: exit 2, key and allowed values named, nothing written.</summary>
    private static async Task AssertRefusedAsync(CliHarness cli, string key, string allowed)
    {
        // Besides its config's own folder, a command writes to paths relative to the working directory by default
        // (the worker's Hangfire file, the kill-switch folder, reports): none of them may change either.
        var defaults = new[] { "data/hangfire.db", "data/hangfire.db.lock", "data/smsbuyz.db", "data/STOP", "reports/latest" }
            .Select(Path.GetFullPath).ToList();
        var before = defaults.Select(Stamp).ToList();
        foreach (var command in new[] { "snapshot", "run" })
        {
            var result = await cli.RunAsync(command, "--config", cli.ConfigPath);

            Assert.Equal(ExitCodes.BadConfiguration, result.ExitCode);
            Assert.Contains(key, result.Stderr, StringComparison.Ordinal);
            Assert.Contains(allowed, result.Stderr, StringComparison.Ordinal);
        }
        Assert.Equal(["settings.json"], Directory.GetFileSystemEntries(cli.Directory).Select(Path.GetFileName));
        Assert.Equal(before, defaults.Select(Stamp).ToList());
    }

    private static (bool Exists, DateTime Written) Stamp(string path) =>
        File.Exists(path) ? (true, File.GetLastWriteTimeUtc(path)) : (Directory.Exists(path), Directory.Exists(path) ? Directory.GetLastWriteTimeUtc(path) : default);

    [Fact]
    public async Task AnyCommand_MisspelledSectionName_Exits2NamingItAndTheSectionMeant()
    {
        using var cli = new CliHarness();
        File.WriteAllText(cli.ConfigPath, $"{{\"Monitr\": {{\"Countries\": [\"ru\"]}}, \"rule\": [{{\"Name\": \"r1\"}}], \"Storage\": {{\"Database\": \"{cli.DatabasePath}\"}}}}");

        await AssertRefusedAsync(cli, "Monitr is not a section this app reads", "did you mean Monitor?");
        var result = await cli.RunAsync("snapshot", "--config", cli.ConfigPath);
        Assert.Contains("rule is not a section this app reads; did you mean Rules?", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnyCommand_MalformedJsonConfig_Exits2NamingFileAndLine()
    {
        using var cli = new CliHarness();
        File.WriteAllText(cli.ConfigPath, "{\"SmsBuyz\": {\"TimeoutSeconds\": 5,}\n");

        var result = await cli.RunAsync("snapshot", "--config", cli.ConfigPath);

        Assert.Equal(ExitCodes.BadConfiguration, result.ExitCode);
        Assert.Contains(cli.ConfigPath, result.Stderr, StringComparison.Ordinal);
        Assert.Contains("line", result.Stderr, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(["settings.json"], Directory.GetFileSystemEntries(cli.Directory).Select(Path.GetFileName));
    }
}
