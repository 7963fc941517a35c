namespace SmsBuyz.Analytics.Account;

/// <summary>A success rate with its 95 % Wilson score interval, so 1 of 1 reads as "somewhere from 21 % to 100 %", not 100 %.</summary>
public readonly record struct Rate(long Successes, long Trials, double Value, double Low, double High)
{
    private const double Z = 1.959963984540054;

    public static Rate? Of(long successes, long trials)
    {
        if (trials <= 0)
            return null;
        double n = trials, p = successes / n, z2 = Z * Z;
        var denominator = 1 + (z2 / n);
        var center = (p + (z2 / (2 * n))) / denominator;
        var half = Z * Math.Sqrt((p * (1 - p) / n) + (z2 / (4 * n * n))) / denominator;
        return new Rate(successes, trials, p, Math.Max(0, center - half), Math.Min(1, center + half));
    }
}
