namespace SmsBuyz.Analytics.Providers;

/// <summary>
/// A provider as stored: <see cref="Id"/> for joins, <see cref="Name"/> for people, <see cref="BaseUrl"/> its identity
/// (<see cref="Api.SmsBuyzOptions.Key"/>: the normalized base URL, or the <c>Identity</c> setting).
/// </summary>
public sealed record ProviderRef(long Id, string Name, string BaseUrl);

/// <summary>
/// An account at a provider as stored: <see cref="Id"/> for joins; <see cref="ExternalId"/> what <c>user/profile</c>
/// answers as its <c>id</c>, <see cref="Email"/> what people recognise it by.
/// </summary>
public sealed record AccountRef(long Id, ProviderRef Provider, string ExternalId, string? Email)
{
    /// <summary>The account the migration of an older database made for rows no profile named; the first profile read adopts it.</summary>
    public const string Unknown = "unknown";

    /// <summary>As log lines and messages name it: <c>42 (u@example.com) at smsbuyz</c>.</summary>
    public override string ToString() => $"{ExternalId}{(Email is null ? "" : $" ({Email})")} at {Provider.Name}";
}
