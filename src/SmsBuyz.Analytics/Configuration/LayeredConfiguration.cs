using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Primitives;

namespace SmsBuyz.Analytics.Configuration;

/// <summary>
/// The app's layers of settings (files, user secrets, the environment, overrides) as one provider, merged key by key as
/// .NET merges them, lowest layer first, with one difference: a list in a file replaces the whole list of the layers
/// below. .NET merges lists by index, so a <c>Rules</c> array of one rule in appsettings.Production.json would be merged
/// field by field with the shipped sample rule (keeping its <c>"Enabled": false</c> and its limits), and
/// <c>"Countries": ["ru"]</c> would keep nine shipped countries after it. A single value given for a list
/// (<c>Monitor__Countries=ru</c>) replaces it too, in any layer. An indexed key from the environment or the overrides
/// (<c>Rules__0__Enabled=true</c>, the demo's <c>Rules:900</c>) still addresses one element, as .NET users expect;
/// given with an empty value for the list itself (<c>Providers=""</c>), the layer's elements are the whole list.
/// </summary>
/// <param name="layers">The layers, lowest first; their sources are built against this builder.</param>
/// <param name="owned">File providers the layers share, disposed with the provider.</param>
internal sealed class LayeredConfigurationSource(IConfigurationBuilder layers, IReadOnlyList<IDisposable> owned) : IConfigurationSource
{
    public IConfigurationProvider Build(IConfigurationBuilder builder) =>
        new LayeredConfigurationProvider([.. layers.Sources.Select(s => s.Build(layers))], owned);
}

internal sealed class LayeredConfigurationProvider : ConfigurationProvider, IDisposable
{
    private readonly IReadOnlyList<IConfigurationProvider> layers;
    private readonly IReadOnlyList<IDisposable> owned;
    private readonly List<IDisposable> watches;

    public LayeredConfigurationProvider(IReadOnlyList<IConfigurationProvider> layers, IReadOnlyList<IDisposable> owned)
    {
        this.layers = layers;
        this.owned = owned;
        // A file that reloads itself (reloadOnChange) fires its token; the merge is redone and passed on.
        watches = [.. layers.Select(layer => ChangeToken.OnChange(layer.GetReloadToken, () =>
        {
            Data = Merge();
            OnReload();
        }))];
    }

    public override void Load()
    {
        foreach (var layer in layers)
            layer.Load();
        Data = Merge();
    }

    private Dictionary<string, string?> Merge()
    {
        var merged = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var layer in layers)
        {
            var values = new List<KeyValuePair<string, string?>>();
            var lists = new List<string>();
            Walk(layer, null, values, lists);
            foreach (var list in Replaced(layer, values, lists, merged))
            {
                foreach (var key in merged.Keys.Where(k => k.Equals(list, StringComparison.OrdinalIgnoreCase) || Within(k, list)).ToList())
                    merged.Remove(key);
            }
            foreach (var (key, value) in values)
                merged[key] = value;
        }
        return merged;
    }

    /// <summary>
    /// The lists below that this layer replaces whole: its own lists if it is a file, any list it gives one value, and
    /// any list it gives an empty value beside its own elements (<c>Providers=""</c> with <c>Providers:0:Name</c>: the
    /// demo's providers instead of the user's, where <c>Rules:900</c> adds a rule to theirs).
    /// </summary>
    private static List<string> Replaced(IConfigurationProvider layer, List<KeyValuePair<string, string?>> values, List<string> lists,
        Dictionary<string, string?> below)
    {
        var replaced = layer is FileConfigurationProvider ? new List<string>(lists) : [];
        foreach (var (key, value) in values)
        {
            var leaf = !values.Any(v => Within(v.Key, key));
            if ((leaf || value is "") && IsList(below, key))
                replaced.Add(key); // Monitor__Countries=ru, or "Countries": [] (an empty list is a key with no value)
        }
        return replaced;
    }

    /// <summary>Every key the layer holds a value for, and every path whose children are all indices (a list).</summary>
    private static void Walk(IConfigurationProvider layer, string? path, List<KeyValuePair<string, string?>> values, List<string> lists)
    {
        var children = layer.GetChildKeys([], path).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (path is not null && layer.TryGet(path, out var value))
            values.Add(new(path, value));
        if (path is not null && children.Count > 0 && children.All(IsIndex))
            lists.Add(path);
        foreach (var child in children)
            Walk(layer, path is null ? child : ConfigurationPath.Combine(path, child), values, lists);
    }

    private static bool IsList(Dictionary<string, string?> merged, string path)
    {
        var children = merged.Keys.Where(k => Within(k, path)).Select(k => k[(path.Length + 1)..].Split(ConfigurationPath.KeyDelimiter)[0]).ToList();
        return children.Count > 0 && children.All(IsIndex);
    }

    private static bool Within(string key, string path) =>
        key.Length > path.Length + 1 && key.StartsWith(path + ConfigurationPath.KeyDelimiter, StringComparison.OrdinalIgnoreCase);

    private static bool IsIndex(string segment) => segment.Length > 0 && segment.All(char.IsAsciiDigit);

    public void Dispose()
    {
        foreach (var watch in watches)
            watch.Dispose();
        foreach (var layer in layers.OfType<IDisposable>())
            layer.Dispose();
        foreach (var item in owned)
            item.Dispose();
    }
}

