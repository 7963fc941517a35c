using System.Collections;
using System.ComponentModel;
using Microsoft.Extensions.Configuration;

namespace SmsBuyz.Analytics.Configuration;

/// <summary>
/// The binder ignores a single value given for a list (<c>"Countries": "ru"</c>, or <c>Monitor__Countries=ru</c> in the
/// environment); this makes it the list's one element, after binding, in every options object and nested rule.
/// </summary>
internal static class ScalarLists
{
    public static void Fill(object target, IConfiguration section)
    {
        foreach (var (name, property) in SettingsCheck.Settings(target.GetType()))
        {
            var child = section.GetSection(name);
            var element = SettingsCheck.ListElement(property.PropertyType);
            var children = child.GetChildren().ToList();
            if (element is not null && children.Count == 0 && !string.IsNullOrEmpty(child.Value) && property.GetValue(target) is IList { Count: 0 } list
                && !property.PropertyType.IsArray)
                list.Add(TypeDescriptor.GetConverter(element).ConvertFromInvariantString(child.Value.Trim()));
            else if (element is not null && property.GetValue(target) is IList items)
            {
                for (var i = 0; i < items.Count && i < children.Count; i++)
                {
                    if (items[i] is { } item && item is not string && !item.GetType().IsValueType)
                        Fill(item, children[i]);
                }
            }
        }
    }
}
