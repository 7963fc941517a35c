using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Npgsql;
using SmsBuyz.Analytics.Worker;
using HangfireLevel = Hangfire.Logging.LogLevel;

namespace SmsBuyz.Analytics.Tests.Worker;

public sealed class HangfireLogTests
{
    private const string Retried = "Execution Worker is in the Failed state now due to an exception, execution will be retried in no more than 00:00:25";

    [Fact]
    public void Log_ExceptionOfADatabaseOutage_OneLineWithItsCauseAndTheStackOnlyAtDebug()
    {
        var logs = new FakeLogCollector();
        using var factory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(logs)));
        var log = new HangfireLog(factory).GetLogger("Hangfire.Processing.BackgroundExecution");
        var outage = Thrown(new NpgsqlException("Failed to connect to 127.0.0.1:5432", new SocketException((int)SocketError.ConnectionRefused)));

        Assert.True(log.Log(HangfireLevel.Error, () => Retried, outage));

        var line = Assert.Single(logs.GetSnapshot(), l => l.Level == LogLevel.Error);
        Assert.Equal($"{Retried} (NpgsqlException: Failed to connect to 127.0.0.1:5432 (SocketException: Connection refused))", line.Message);
        Assert.Null(line.Exception);
        Assert.Same(outage, Assert.Single(logs.GetSnapshot(), l => l.Level == LogLevel.Debug).Exception);
    }

    [Fact]
    public void Log_LevelOff_SaysSoWhenAskedAndWritesNothing()
    {
        var logs = new FakeLogCollector();
        using var factory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Warning).AddProvider(new FakeLoggerProvider(logs)));
        var log = new HangfireLog(factory).GetLogger("Hangfire.Server.BackgroundServerProcess");

        Assert.False(log.Log(HangfireLevel.Info, null));
        Assert.True(log.Log(HangfireLevel.Warn, null));
        Assert.False(log.Log(HangfireLevel.Info, () => "Server vm:1 successfully announced"));
        Assert.Empty(logs.GetSnapshot());
    }

    private static Exception Thrown(Exception exception)
    {
        try
        {
            throw exception;
        }
        catch (Exception caught)
        {
            return caught;
        }
    }
}
