namespace SmsBuyz.Analytics.Storage;

/// <summary>
/// Whose the rows of an older database are when migration 9 gives each row its provider and account: the provider
/// configured while it runs, by its key (<c>SmsBuyzOptions.Key</c>: its <c>Identity</c>, or the normalized base URL)
/// and its name. The migrators hand it to the scripts as the temporary table <c>migration_context</c>.
/// </summary>
public sealed record MigrationOwner(string ProviderUrl, string ProviderName);
