using Microsoft.AspNetCore.Http;
using SmsBuyz.Sandbox.Accounts;
using SmsBuyz.Sandbox.Market;

namespace SmsBuyz.Sandbox.Endpoints;

/// <summary>
/// How one dialect spells and shapes its answers. The endpoints decide what to answer (which offers, which orders,
/// which status code); an <see cref="IAnswers"/> decides how it looks on the wire.
/// </summary>
internal interface IAnswers
{
    /// <summary>How a country is named in keys and in orders' <c>country</c>.</summary>
    string Country(Country country);

    /// <summary>
    /// True when <c>guest/prices?product=&amp;country=</c> keeps the product level (country → product → operator)
    /// rather than answering country → operator.
    /// </summary>
    bool PricesKeepProductWithCountry { get; }

    /// <summary>One leaf of guest/prices for an offer of <paramref name="op"/>.</summary>
    object Price(decimal cost, long count, string op);

    /// <summary>An order as buy, check, finish, cancel and ban answer it, or as one entry of <c>user/orders</c>.</summary>
    object Order(SandboxOrder order, bool listed);

    /// <summary>A page of <c>user/orders</c> in the wrapped shape (the plain array needs no help).</summary>
    object WrappedOrders(IReadOnlyList<object> page, int total);

    object Profile(AccountIdentity account, decimal balance, Country home);

    object Payments(IReadOnlyList<SandboxPayment> newestFirst);

    IResult Error(int status, string message);
}

internal static class Answers
{
    public static IAnswers For(SandboxOptions options) =>
        options.Dialect == SandboxDialect.FiveSim ? new FiveSimAnswers(options) : new SmsBuyzAnswers();
}
