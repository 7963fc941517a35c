using Microsoft.Extensions.Logging;
using HangfireLevel = Hangfire.Logging.LogLevel;

namespace SmsBuyz.Analytics.Worker;

/// <summary>
/// Hangfire's log lines through the app's logging, one line per event: an exception is summarised on the line (its
/// type and message, and the innermost one's) and written whole only at Debug. While the database is down, Hangfire's
/// background processes each report their failure every few seconds; with a stack trace on every line an operator would
/// read pages instead of "connection refused, retried in 25 s". Replaces Hangfire.NetCore's provider, which
/// <c>AddHangfire</c> lets its configuration callback overwrite.
/// </summary>
internal sealed partial class HangfireLog(ILoggerFactory factory) : Hangfire.Logging.ILogProvider
{
    public Hangfire.Logging.ILog GetLogger(string name) => new Logger(factory.CreateLogger(name));

    /// <summary>"NpgsqlException: Failed to connect to 127.0.0.1:5432 (SocketException: Connection refused)".</summary>
    internal static string Summary(Exception exception)
    {
        var summary = $"{exception.GetType().Name}: {exception.Message}";
        var innermost = exception.GetBaseException();
        return ReferenceEquals(innermost, exception) ? summary : $"{summary} ({innermost.GetType().Name}: {innermost.Message})";
    }

    private sealed partial class Logger(ILogger logger) : Hangfire.Logging.ILog
    {
        public bool Log(HangfireLevel logLevel, Func<string>? messageFunc, Exception? exception = null)
        {
            var level = logLevel switch
            {
                HangfireLevel.Trace => LogLevel.Trace,
                HangfireLevel.Debug => LogLevel.Debug,
                HangfireLevel.Info => LogLevel.Information,
                HangfireLevel.Warn => LogLevel.Warning,
                HangfireLevel.Error => LogLevel.Error,
                _ => LogLevel.Critical,
            };
            // Hangfire asks with no message whether a level is on before it builds one.
            if (messageFunc is null || !logger.IsEnabled(level))
                return logger.IsEnabled(level);
            var message = messageFunc();
            if (exception is null)
            {
                Write(logger, level, message);
                return true;
            }
            var failure = Summary(exception);
            WriteFailure(logger, level, message, failure);
            WriteDetail(logger, exception, message);
            return true;
        }

        [LoggerMessage("{Message}")]
        private static partial void Write(ILogger logger, LogLevel level, string message);

        [LoggerMessage("{Message} ({Failure})")]
        private static partial void WriteFailure(ILogger logger, LogLevel level, string message, string failure);

        [LoggerMessage(LogLevel.Debug, "{Message}")]
        private static partial void WriteDetail(ILogger logger, Exception exception, string message);
    }
}
