using Microsoft.Data.Sqlite;

namespace SmsBuyz.Analytics.Market.Retention;

/// <summary>A prepared command with integer parameters, reused for every row of a batch.</summary>
internal static class Prepared
{
    public static SqliteCommand Create(SqliteConnection connection, SqliteTransaction? tx, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        foreach (var name in parameters)
            command.Parameters.Add(new SqliteParameter(name, SqliteType.Integer));
        command.Prepare();
        return command;
    }

    public static SqliteCommand Set(this SqliteCommand command, params long[] values)
    {
        for (var i = 0; i < values.Length; i++)
            command.Parameters[i].Value = values[i];
        return command;
    }
}
