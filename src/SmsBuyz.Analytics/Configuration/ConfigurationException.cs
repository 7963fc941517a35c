namespace SmsBuyz.Analytics.Configuration;

/// <summary>A setting or argument is wrong: the command exits with code 2 and this message.</summary>
public sealed class ConfigurationException(string message) : Exception(message);
