using SmsBuyz.Analytics.Market.History;

namespace SmsBuyz.Analytics.Tests.Market.History;

/// <summary>The fold hands each series' buckets over when the series ends, so its reader never holds two series.</summary>
public sealed class BucketFoldTests
{
    [Fact]
    public void Add_ThreeSeries_EachHandedOverWholeAndAloneWhenTheNextBegins()
    {
        var handed = new List<List<BucketRow>>();
        var seenBeforeFinish = 0;
        var fold = new BucketFold(origin: 1_000, width: 100, end: 1_300, series: rows => handed.Add(rows));

        fold.Add(1, 1_000, 10, 10, 10, 10, 5);
        fold.Add(1, 1_150, 12, 12, 12, 12, 0);
        fold.Add(2, 900, 20, 20, 20, 20, 1); // before the origin: bucket -1, carried in
        fold.Add(2, 1_250, 21, 21, 21, 21, 1);
        fold.Add(3, 1_010, 30, 30, 30, 30, 3);
        seenBeforeFinish = handed.Count;
        fold.Finish();

        Assert.Equal(1, seenBeforeFinish); // series 1 once series 2's buckets were being closed; 2 and 3 at the finish
        Assert.Equal([1L, 2L, 3L], handed.Select(rows => rows.Select(r => r.SeriesId).Distinct().Single()));
        Assert.Equal([0L, 1L], handed[0].Select(r => r.Bucket));
        Assert.Equal(100, handed[0][0].Covered);
        Assert.Equal(0, handed[0][0].OutOfStock);
        Assert.Equal(50, handed[0][1].OutOfStock); // 1,150 until the bucket's end at 1,200, out of stock throughout
        Assert.Equal([-1L, 2L], handed[1].Select(r => r.Bucket));
        Assert.Equal(20, handed[1][0].Close);
        Assert.Equal(50, handed[1][1].Covered); // 1,250 until the end at 1,300
        Assert.Equal(0, handed[2].Single().Bucket);
        Assert.Equal(90, handed[2].Single().Covered); // 1,010 until the bucket's end at 1,100
    }
}
