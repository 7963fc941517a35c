namespace SmsBuyz.Sandbox.Tests.Faults;

/// <summary>A sandbox where every matching request gets one fault kind.</summary>
internal static class FaultSetup
{
    public static async Task<TestSandbox> WithFaultAsync(FaultKinds kind, string? pathContains = null)
    {
        var sandbox = await TestSandbox.StartAsync();
        sandbox.Server.Options.Faults.Kinds = kind;
        sandbox.Server.Options.Faults.PathContains = pathContains;
        sandbox.Server.Options.Faults.Probability = 1;
        return sandbox;
    }

    public static string BuyPath(TestSandbox sandbox)
    {
        var offer = sandbox.State.CurrentOffers().First(o => o.Qty > 0);
        return $"user/buy/activation/{offer.CountryIso}/{offer.Operator}/{offer.Product}";
    }
}
