using SmsBuyz.Analytics.Market;

namespace SmsBuyz.Analytics.Tests.Market;

/// <summary>The market cache's compact containers: the series table's pages and the per-provider index over it.</summary>
public sealed class SeriesTableTests
{
    [Fact]
    public void SeriesIndex_ManySeriesAcrossGrowths_EachFoundAtItsSlotAndNoOtherKeyFound()
    {
        var rows = new SeriesTable();
        var index = new SeriesIndex(rows);
        var random = new Random(7);
        var keys = new HashSet<(int, int, int)>();
        while (keys.Count < 50_000)
            keys.Add((random.Next(1, 2_000), random.Next(1, 250), random.Next(1, 80)));
        foreach (var (product, country, op) in keys)
            index.Add(rows.Add(new SeriesState(rows.Count + 1, 1, product, country, op)));

        for (var slot = 0; slot < rows.Count; slot++)
            Assert.Equal(slot, index.Find(rows[slot].Product, rows[slot].Country, rows[slot].Operator));
        var absent = 0;
        while (absent < 10_000)
        {
            var key = (random.Next(1, 2_000), random.Next(1, 250), random.Next(1, 80));
            if (keys.Contains(key))
                continue;
            Assert.Equal(-1, index.Find(key.Item1, key.Item2, key.Item3));
            absent++;
        }
        Assert.Equal(Enumerable.Range(0, keys.Count), index.Slots().Order());
        Assert.Equal(keys.Count, index.Count);
    }

    [Fact]
    public void SeriesTable_RowChangedThroughItsReference_ChangedInTheTable()
    {
        var rows = new SeriesTable();
        for (var i = 0; i < 3_000; i++)
            rows.Add(new SeriesState(i + 1, 1, 1, 1, i + 1));

        ref var series = ref rows[2_500];
        series.Price = 1_234;
        rows.SetQty(2_500, 42);

        Assert.Equal((42L, 1_234L, true), (rows.Qty(2_500), rows[2_500].Price, rows[2_500].HasPrice));
        Assert.Equal((0L, 0L), (rows.Qty(2_499), rows.RecordedQty(2_500)));
        Assert.False(rows[2_499].HasPrice);
        Assert.Equal(2_501, rows[2_500].Id);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(int.MaxValue)]
    [InlineData(int.MaxValue + 1L)]
    [InlineData(int.MinValue)]
    [InlineData(int.MinValue + 1L)]
    [InlineData(long.MaxValue)]
    [InlineData(-5L)]
    public void SeriesTable_AnyStock_ReadsBackExactlyAndOverwritesAStockOfTheOtherWidth(long stock)
    {
        var rows = new SeriesTable();
        rows.Add(new SeriesState(1, 1, 1, 1, 1));
        rows.Add(new SeriesState(2, 1, 1, 1, 2));
        rows.SetQty(0, 5_000_000_000);
        rows.SetRecordedQty(0, 3);
        rows.SetQty(1, 17);

        rows.SetQty(0, stock);
        rows.SetRecordedQty(0, stock);
        var first = (rows.Qty(0), rows.RecordedQty(0), rows.Qty(1));
        rows.SetQty(0, 9);

        Assert.Equal((stock, stock, 17L), first);
        Assert.Equal((9L, stock), (rows.Qty(0), rows.RecordedQty(0)));
    }

    [Fact]
    public void SeriesState_IsFortyEightBytes()
    {
        // A whole market holds some 790,000 of them: each 8 bytes more is 6 MB of the snapshot's peak (docs/performance.md).
        Assert.Equal(48, System.Runtime.CompilerServices.Unsafe.SizeOf<SeriesState>());
    }

    [Fact]
    public void SeriesState_IdOrProviderBeyondItsField_RefusedNotWrapped()
    {
        Assert.Throws<OverflowException>(() => new SeriesState(int.MaxValue + 1L, 1, 1, 1, 1));
        Assert.Throws<OverflowException>(() => new SeriesState(1, ushort.MaxValue + 1L, 1, 1, 1));
    }

    [Fact]
    public void PagedList_AddedAcrossPagesThenCleared_ReadsBackInOrderAndRefusesAnIndexPastItsEnd()
    {
        var list = new PagedList<long>();
        for (var i = 0L; i < 2_500; i++)
            list.Add(i * 3);

        Assert.Equal(Enumerable.Range(0, 2_500).Select(i => i * 3L), list);
        Assert.Throws<ArgumentOutOfRangeException>(() => list[2_500]);

        list.Clear();
        list.Add(7);
        Assert.Equal([7L], list);
        Assert.Throws<ArgumentOutOfRangeException>(() => list[1]);
    }

    [Fact]
    public void PackedPoints_PointsThatFitAndOnesThatDoNot_ReadBackEqualWithTheSameNameInstances()
    {
        // Names as the parser hands them: one instance per name, and a second instance of the same text.
        string ru = "ru", any = "any", telegram = "telegram", telegramAgain = new([.. "telegram"]);
        MarketPoint[] added =
        [
            new(ru, any, telegram, 0.4118m, 12),
            new(ru, any, telegramAgain, 10.50m, 0),
            new(ru, any, telegram, -3m, 7),
            new(ru, any, telegram, 0.12345m, 1), // a fifth decimal place: kept whole, refused later by the writer
            new(ru, any, telegram, 1m, 5_000_000_000), // a stock beyond an int
            new(ru, any, telegram, 922_337_203_685_477.5807m, int.MaxValue), // the largest price 1e-4 units hold
        ];
        var points = new PackedPoints();
        foreach (var point in added)
            points.Add(point);

        Assert.Equal(added, points); // decimals compare by value: 10.50 may read back as 10.5
        Assert.Equal(922_337_203_685_477.5807m, points[5].Price);
        Assert.Equal("0.12345", points[3].Price.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Same(telegramAgain, points[1].Product);
        Assert.All(points, p => Assert.Same(ru, p.Country));
        Assert.Same(telegram, points[3].Product);

        points.Clear();
        points.Add(added[1]);
        Assert.Equal([added[1]], points);
    }
}
