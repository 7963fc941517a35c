namespace SmsBuyz.Sandbox.Accounts;

/// <summary>The balance and every movement of it; each payment records the balance after it. Ids run on from the account's first id.</summary>
internal sealed class Ledger
{
    private readonly List<SandboxPayment> payments = [];
    private readonly long firstId;

    public Ledger(decimal startingBalance, DateTimeOffset openedAt, long firstId)
    {
        this.firstId = firstId;
        Post("payment", "sandbox", startingBalance, openedAt);
    }

    public decimal Balance { get; private set; }

    public IReadOnlyList<SandboxPayment> Payments => payments;

    public void Charge(decimal price, DateTimeOffset at) => Post("charge", "activation", -price, at);

    public void Refund(decimal price, DateTimeOffset at) => Post("refund", "activation", price, at);

    /// <summary>A test's balance change is a payment too, so the ledger always adds up.</summary>
    public void Adjust(decimal balance, DateTimeOffset at) => Post("adjustment", "sandbox", balance - Balance, at);

    private void Post(string type, string provider, decimal amount, DateTimeOffset at)
    {
        Balance += amount;
        payments.Add(new SandboxPayment(firstId + payments.Count, type, provider, amount, Balance, at));
    }
}
