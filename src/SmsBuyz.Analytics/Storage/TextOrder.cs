namespace SmsBuyz.Analytics.Storage;

/// <summary>
/// Text ordered by its bytes on both providers. SQLite compares text bytewise; a PostgreSQL database sorts by its
/// collation, and a common one (en_US.UTF-8) puts <c>Virtual1</c> among the v's, so a report or an export copied to
/// PostgreSQL would list its rows in another order. Append to each text term of an ORDER BY (not to an ordinal:
/// <c>1 COLLATE "C"</c> is a constant).
/// </summary>
public static class TextOrder
{
    public static string ByBytes(this Database db) => db.Sql(sqlite: "", postgreSql: " COLLATE \"C\"");
}
