using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace SmsBuyz.Analytics.Configuration;

/// <summary>How every options class of the app is bound: checked strictly, bound, validated at start.</summary>
public static class SettingsRegistration
{
    /// <summary>
    /// Binds <typeparamref name="TOptions"/> to <paramref name="section"/>. The section is checked against the type
    /// (<see cref="SettingsCheck"/>): an unknown key or a value that does not fit fails, naming the key, together with
    /// what the validators find in the rest (exit 2 at start; a hot reload that fails keeps the previous settings). A
    /// single value given for a list becomes its one element. Checked at start (<c>ValidateOnStart</c>) and on each reload.
    /// </summary>
    public static OptionsBuilder<TOptions> AddSettings<TOptions, TValidator>(this IServiceCollection services,
        IConfiguration configuration, string section)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        services.AddSingleton<IValidateOptions<TOptions>, TValidator>();
        return services.AddSettings<TOptions>(configuration.GetSection(section), configuration.GetSection(section), typeof(TOptions));
    }

    /// <param name="bound">What the options object binds to (the root for the <c>Rules</c> array).</param>
    /// <param name="checkedSection">The part of the configuration the app owns, checked against <paramref name="checkedType"/>.</param>
    public static OptionsBuilder<TOptions> AddSettings<TOptions>(this IServiceCollection services, IConfiguration bound,
        IConfigurationSection checkedSection, Type checkedType)
        where TOptions : class
    {
        services.AddSingleton(new SettingsSection(checkedSection.Key, provider => provider.GetRequiredService<IOptionsMonitor<TOptions>>().Get(Options.DefaultName)));
        // What Bind would register: a reload of the configuration makes the monitor create the options again.
        services.AddSingleton<IOptionsChangeTokenSource<TOptions>>(new ConfigurationChangeTokenSource<TOptions>(bound));
        services.AddTransient<IOptionsFactory<TOptions>>(provider => new CheckedOptionsFactory<TOptions>(checkedSection, checkedType,
            provider.GetServices<IConfigureOptions<TOptions>>(), provider.GetServices<IPostConfigureOptions<TOptions>>(),
            provider.GetServices<IValidateOptions<TOptions>>()));
        return services.AddOptions<TOptions>()
            .Configure(options =>
            {
                // The keys the check refused are left out, so that the rest binds and is validated too.
                var usable = SettingsCheck.Usable(bound, SettingsCheck.Check(checkedSection, checkedType));
                usable.Bind(options);
                ScalarLists.Fill(options, usable);
            })
            .ValidateOnStart();
    }
}
