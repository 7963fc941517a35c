using Microsoft.Extensions.Configuration;
using SmsBuyz.Analytics.Configuration;
using SmsBuyz.Analytics.Tests.Worker;

namespace SmsBuyz.Analytics.Tests.Configuration;

/// <summary>
/// How the layers merge: key by key as in .NET, except that a list in a file, or a single value given for a list,
/// replaces the list below it; an indexed key from the environment or the overrides still addresses one element.
/// </summary>
public sealed class LayeredConfigurationTests : IDisposable
{
    private const string Shipped = """
        {"Monitor": {"Countries": ["ru", "us", "gb"], "Products": ["telegram", "whatsapp"]},
         "Rules": [{"Name": "sample", "Enabled": false, "Product": "telegram", "Countries": ["ru"], "MaxPrice": 0.3, "MinQty": 10}],
         "Storage": {"Database": "data/smsbuyz.db"}}
        """;

    private readonly TempFolder folder = new();

    [Fact]
    public void ListInALaterFile_ReplacesTheWholeList_NothingOfTheShippedElementsLeft()
    {
        var configuration = Build(Shipped, """
            {"Monitor": {"Countries": ["kz"]}, "Rules": [{"Name": "mine", "Product": "whatsapp", "Countries": ["kz"], "MaxPrice": 1}]}
            """);

        Assert.Equal(["kz"], Values(configuration, "Monitor:Countries"));
        Assert.Equal(["telegram", "whatsapp"], Values(configuration, "Monitor:Products")); // not in the later file: kept
        Assert.Equal("mine", configuration["Rules:0:Name"]);
        Assert.Null(configuration["Rules:0:Enabled"]); // the sample rule's "Enabled": false would have disabled it
        Assert.Null(configuration["Rules:0:MinQty"]);
        Assert.Equal(["kz"], Values(configuration, "Rules:0:Countries"));
        Assert.Single(configuration.GetSection("Rules").GetChildren());
        Assert.Equal("data/smsbuyz.db", configuration["Storage:Database"]);
    }

    [Fact]
    public void EmptyListInALaterFile_EmptiesIt()
    {
        var configuration = Build(Shipped, """{"Rules": []}""");

        Assert.Empty(configuration.GetSection("Rules").GetChildren());
        Assert.Equal(["ru", "us", "gb"], Values(configuration, "Monitor:Countries"));
    }

    [Fact]
    public void IndexedKeysFromTheEnvironmentOrOverrides_AddressOneElement()
    {
        var configuration = Build(Shipped, null, new()
        {
            ["Rules:0:Enabled"] = "true",
            ["Rules:900:Name"] = "demo",
            ["Monitor:Countries:1"] = "kz",
        });

        Assert.Equal("sample", configuration["Rules:0:Name"]);
        Assert.Equal("true", configuration["Rules:0:Enabled"]);
        Assert.Equal("10", configuration["Rules:0:MinQty"]);
        Assert.Equal("demo", configuration["Rules:900:Name"]);
        Assert.Equal(["ru", "kz", "gb"], Values(configuration, "Monitor:Countries"));
    }

    [Fact]
    public void SingleValueForAList_ReplacesIt()
    {
        var configuration = Build(Shipped, null, new() { ["Monitor:Countries"] = "ua" });

        Assert.Empty(configuration.GetSection("Monitor:Countries").GetChildren());
        Assert.Equal("ua", configuration["Monitor:Countries"]);
        Assert.Equal(["telegram", "whatsapp"], Values(configuration, "Monitor:Products"));
    }

    [Fact]
    public void EmptyValueForAListBesideItsOwnElements_ItsElementsAreTheWholeList()
    {
        var configuration = Build(Shipped, null, new()
        {
            ["Rules"] = "",
            ["Rules:0:Name"] = "demo",
            ["Rules:0:Product"] = "whatsapp",
        });

        var rule = Assert.Single(configuration.GetSection("Rules").GetChildren());
        Assert.Equal("demo", rule["Name"]);
        Assert.Null(rule["MinQty"]); // nothing of the shipped sample rule is left
        Assert.Null(rule["Enabled"]);
        Assert.Equal(["ru", "us", "gb"], Values(configuration, "Monitor:Countries"));
    }

    private IConfigurationRoot Build(string lower, string? upper, Dictionary<string, string?>? overrides = null)
    {
        var layers = new ConfigurationBuilder().AddJsonFile(Write("lower.json", lower));
        if (upper is not null)
            layers.AddJsonFile(Write("upper.json", upper));
        layers.AddInMemoryCollection(overrides ?? []);
        return new ConfigurationBuilder().Add(new LayeredConfigurationSource(layers, [])).Build();
    }

    private string Write(string name, string json)
    {
        var path = Path.Combine(folder.Path, name);
        File.WriteAllText(path, json);
        return path;
    }

    private static List<string?> Values(IConfiguration configuration, string list) =>
        [.. configuration.GetSection(list).GetChildren().OrderBy(c => int.Parse(c.Key, System.Globalization.CultureInfo.InvariantCulture)).Select(c => c.Value)];

    public void Dispose() => folder.Dispose();
}
