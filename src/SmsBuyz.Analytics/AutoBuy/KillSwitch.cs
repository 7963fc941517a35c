using Microsoft.Extensions.Options;
using SmsBuyz.Analytics.AutoBuy.Rules;

namespace SmsBuyz.Analytics.AutoBuy;

/// <summary>
/// <c>AutoBuy:KillSwitchFile</c>: checked before every buy (a file, so it works with the worker hung on nothing
/// but disk, from a shell or a script: <c>touch data/STOP</c>).
/// </summary>
public sealed class KillSwitch(IOptionsMonitor<AutoBuyOptions> options)
{
    public string? Path => options.CurrentValue.KillSwitchFile is { Length: > 0 } file ? System.IO.Path.GetFullPath(file) : null;

    public bool IsOn => Path is { } path && File.Exists(path);
}
