namespace SmsBuyz.Analytics.AutoBuy;

/// <summary>
/// Tells once, through the <see cref="Notifier"/>, when the kill switch turns on or off. A worker that starts with the
/// switch off says nothing; one that starts with it on says so.
/// </summary>
public sealed class KillSwitchAnnouncer(KillSwitch killSwitch, Notifier notifier)
{
    /// <summary>The switch as last seen; null before the first look.</summary>
    private bool? _was;

    public void Announce()
    {
        var on = killSwitch.IsOn;
        var turned = _was != on && (_was is not null || on);
        _was = on;
        if (turned)
            notifier.Publish(EventKinds.KillSwitch, on
                ? $"kill switch ON ({killSwitch.Path} exists): no new buys; open orders are still tracked"
                : $"kill switch OFF ({killSwitch.Path} removed): buying may resume");
    }
}
