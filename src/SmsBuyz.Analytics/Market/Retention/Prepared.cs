using System.Data;
using System.Data.Common;

namespace SmsBuyz.Analytics.Market.Retention;

/// <summary>
/// A prepared command with integer parameters (<c>@name</c>, which both providers read), reused for every row of a
/// batch: SQLite compiles it once, PostgreSQL parses and plans it once on the server.
/// </summary>
internal static class Prepared
{
    public static async Task<DbCommand> CreateAsync(DbConnection connection, DbTransaction? tx, string sql, string[] parameters,
        CancellationToken ct)
    {
        var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.DbType = DbType.Int64;
            parameter.Value = 0L;
            command.Parameters.Add(parameter);
        }
        await command.PrepareAsync(ct);
        return command;
    }

    public static DbCommand Set(this DbCommand command, params long[] values)
    {
        for (var i = 0; i < values.Length; i++)
            command.Parameters[i].Value = values[i];
        return command;
    }
}
