using System.Globalization;

namespace SmsBuyz.Sandbox.Accounts;

/// <summary>
/// The account behind the API: the <c>id</c> and <c>email</c> of <c>user/profile</c>, and where its order and payment
/// ids start. Ids run on from <see cref="FirstId"/>, not from 1: real providers number orders across all their
/// accounts, so a new account never starts at 1, and a database that saw an earlier sandbox run (another account) must
/// not find the new run's orders under ids it already holds.
/// </summary>
internal sealed record AccountIdentity(long Id, string Email, long FirstId)
{
    /// <summary>Ids each account owns: account n numbers its orders (and payments) from n × Block + 1.</summary>
    public const long Block = 100_000;

    public const long MaxAccountId = 1_000_000_000;

    /// <summary>
    /// The configured account, or one drawn now from the process's own random source (never from the seed: the same
    /// seed must not give the same account twice). SmsBuyz accounts come from 1,000–99,999 (ids of 9–10 digits),
    /// 5sim's from 100,000–9,999,999 (ids of 11–12 digits, as large as 5sim's own), so the two never share an id.
    /// </summary>
    public static AccountIdentity For(SandboxOptions options)
    {
        var id = options.AccountId ?? (options.Dialect == SandboxDialect.FiveSim
            ? Random.Shared.NextInt64(100_000, 10_000_000)
            : Random.Shared.NextInt64(1_000, 100_000));
        var email = options.Dialect == SandboxDialect.FiveSim
            ? string.Create(CultureInfo.InvariantCulture, $"sandbox-5sim-{id}@example.com")
            : string.Create(CultureInfo.InvariantCulture, $"sandbox-{id}@example.com");
        return new AccountIdentity(id, email, options.FirstId ?? (id * Block) + 1);
    }
}
