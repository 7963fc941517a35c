using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.Reports;

/// <summary>
/// One product's price by hour of the week, summed series by series (<see cref="Add"/>) so that a reader never holds
/// more than one series' hourly buckets; tallies of the same product made apart (a part of the series each) are
/// <see cref="Merge"/>d before the <see cref="Result"/>.
/// </summary>
public sealed class BestHoursTally(int[] cellOfBucket)
{
    private readonly double[] _ratio = new double[168], _covered = new double[168], _weighted = new double[168];

    /// <summary>A series' filled hourly buckets: each bucket's price against the series' own mean, in its cell.</summary>
    public void Add(IReadOnlyList<FilledBucket> buckets)
    {
        double sum = buckets.Sum(b => b.WeightedSum), cov = buckets.Sum(b => (double)b.Covered);
        if (cov <= 0 || sum <= 0)
            return;
        var mean = sum / cov;
        foreach (var b in buckets.Where(b => b.Covered > 0))
        {
            var cell = cellOfBucket[b.Bucket];
            _ratio[cell] += b.WeightedSum / mean;
            _covered[cell] += b.Covered;
            _weighted[cell] += b.WeightedSum;
        }
    }

    public void Merge(BestHoursTally other)
    {
        for (var i = 0; i < 168; i++)
            (_ratio[i], _covered[i], _weighted[i]) = (_ratio[i] + other._ratio[i], _covered[i] + other._covered[i], _weighted[i] + other._weighted[i]);
    }

    public ProductBestHours Result(string product)
    {
        var cells = Enumerable.Range(0, 168).Select(i => _covered[i] <= 0
            ? new HourCell(i / 24, i % 24, 0, null, null)
            : new HourCell(i / 24, i % 24, _covered[i] / UnixMs.HourMs, Money.FromUnits((long)Math.Round(_weighted[i] / _covered[i])),
                _ratio[i] / _covered[i]))
            .ToList();
        var hours = Enumerable.Range(0, 24).Select(h => (Hour: h, Covered: Enumerable.Range(0, 7).Sum(d => _covered[(d * 24) + h]),
            Ratio: Enumerable.Range(0, 7).Sum(d => _ratio[(d * 24) + h]))).Where(h => h.Covered > 0).ToList();
        (int, double)? bestHour = hours.Count == 0 ? null : hours.Select(h => (h.Hour, h.Ratio / h.Covered)).MinBy(h => h.Item2);
        var cheapest = cells.Where(c => c.Index is not null).MinBy(c => c.Index);
        (int, int, double)? bestCell = cheapest is null ? null : (cheapest.Weekday, cheapest.Hour, cheapest.Index!.Value);
        return new ProductBestHours(product, cells, bestHour, bestCell);
    }
}
