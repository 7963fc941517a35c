using System.Diagnostics.Metrics;
using SmsBuyz.Analytics.Api;
using SmsBuyz.Analytics.AutoBuy;

namespace SmsBuyz.Analytics.Worker.Operations;

/// <summary>
/// <c>smsbuyz_buyer</c>: 1 while this worker is the one that buys (always on SQLite, where it is the only one), 0 while
/// it follows another. Summed over the workers of one database it is 1; 0 for more than a few seconds means nobody buys.
/// </summary>
public sealed class BuyerGauge
{
    public BuyerGauge(IMeterFactory meters, BuyerLease lease) =>
        meters.Create(ApiMetrics.MeterName).CreateObservableGauge("smsbuyz.buyer", () => lease.IsHeld ? 1 : 0,
            "{worker}", "1 while this worker holds the buyer lease (the one worker that buys), else 0");
}
