namespace SmsBuyz.Analytics.Tests.Docs;

/// <summary>One reference the docs test checked: where it is and what it names, and why it is broken (null: it is not).</summary>
internal sealed record Finding(string Where, string? Problem)
{
    public override string ToString() => Problem is null ? Where : $"{Where}: {Problem}";
}
