using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace SmsBuyz.Analytics.Configuration;

/// <summary>
/// Creates options as the framework does, then adds what <see cref="SettingsCheck"/> refused to what the validators
/// found, so that every problem is told at once: <c>"Cooldown": "30m"</c> and a country <c>narnia</c> in one rule, not
/// the second only after the first is fixed. A validator's finding about a refused key (or a key inside it, or the whole
/// it belongs to) is left out: it judged the default that stood in for the refused value.
/// </summary>
internal sealed class CheckedOptionsFactory<TOptions>(IConfigurationSection checkedSection, Type checkedType,
    IEnumerable<IConfigureOptions<TOptions>> setups, IEnumerable<IPostConfigureOptions<TOptions>> postConfigures,
    IEnumerable<IValidateOptions<TOptions>> validations) : IOptionsFactory<TOptions>
    where TOptions : class
{
    private readonly OptionsFactory<TOptions> inner = new(setups, postConfigures, validations);

    public TOptions Create(string name)
    {
        var problems = SettingsCheck.Check(checkedSection, checkedType);
        IEnumerable<string> found = [];
        try
        {
            var options = inner.Create(name);
            if (problems.Count == 0)
                return options;
        }
        catch (OptionsValidationException ex) when (problems.Count > 0)
        {
            found = ex.Failures.Where(f => !problems.Any(p => p.Explains(f)));
        }
        throw new OptionsValidationException(name, typeof(TOptions), [.. problems.Select(p => p.Message), .. found]);
    }
}
