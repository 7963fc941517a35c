using System.Data.Common;
using System.Globalization;
using Dapper;
using SmsBuyz.Analytics.Api;

namespace SmsBuyz.Analytics.Tests.AutoBuy;

/// <summary>
/// How soon buying resumed after each ambiguous buy, read from <c>buy_intent</c>: for every buy whose outcome was
/// unknown and then proved absent (nothing was bought, so the rule still wanted to buy), the time from the request's
/// end to the next buy request, with answered failures (an HTTP answer came back) and lost answers (timeout, dropped
/// connection) apart; and for unknown buys found bought after all, how long that took to settle.
/// </summary>
internal sealed record ResumeFigures(IReadOnlyList<TimeSpan> Answered, IReadOnlyList<TimeSpan> Lost, IReadOnlyList<TimeSpan> BoughtSettled)
{
    public static ResumeFigures Read(DbConnection connection)
    {
        var rows = connection.Query<(long Id, string State, string? Kind, long? EndedAt, long? SentAt, long? ResolvedAt)>(
            "SELECT id, state, error_kind, ended_at, sent_at, resolved_at FROM buy_intent WHERE mode = 'Live' ORDER BY id").ToList();
        List<TimeSpan> answered = [], lost = [], bought = [];
        for (var i = 0; i < rows.Count; i++)
        {
            if (rows[i].EndedAt is not { } ended)
                continue;
            if (rows[i].State == "Bought" && rows[i].ResolvedAt is { } resolved)
                bought.Add(TimeSpan.FromMilliseconds(resolved - ended));
            if (rows[i].State != "Failed" || rows.Skip(i + 1).FirstOrDefault(r => r.SentAt is not null).SentAt is not { } next)
                continue;
            (AnswerLost(rows[i].Kind) ? lost : answered).Add(TimeSpan.FromMilliseconds(next - ended));
        }
        return new ResumeFigures(answered, lost, bought);
    }

    // A gateway's 502/504 counts with timeouts: the worker waits the grace for it as for any lost answer.
    private static bool AnswerLost(string? kind) =>
        kind is null || (Enum.TryParse<ApiErrorKind>(kind, out var parsed) && SmsBuyzApiException.IsLostAnswer(parsed));

    public static TimeSpan Median(IReadOnlyList<TimeSpan> values) => values.Count == 0 ? TimeSpan.Zero : values.Order().ElementAt(values.Count / 2);

    public override string ToString() =>
        $"next buy request after an answered failure proved absent: {Describe(Answered)}; after a lost answer proved absent: {Describe(Lost)}; "
        + $"unknown then found bought, settled in: {Describe(BoughtSettled)}";

    private static string Describe(IReadOnlyList<TimeSpan> values) => values.Count == 0 ? "none" : string.Create(CultureInfo.InvariantCulture,
        $"median {Median(values).TotalSeconds:0.0} s, max {values.Max().TotalSeconds:0.0} s (n = {values.Count})");
}
