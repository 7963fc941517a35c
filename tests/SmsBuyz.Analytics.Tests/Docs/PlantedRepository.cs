namespace SmsBuyz.Analytics.Tests.Docs;

/// <summary>
/// A small checkout with one of each break the docs test must report, beside references that are whole and text
/// that only looks like a reference (in a code span, in a fence, a time zone, a file the app creates).
/// </summary>
internal sealed record PlantedRepository(string Root, List<string> Expected)
{
    /// <summary>Page names are built from this, so that the code scan of the real repository finds none in this file.</summary>
    private const string Md = ".md";

    private static readonly string[] Readme =
    [
        "# Title",
        "## Set up & run",
        "## Set up & run",
        $"[ok](docs/page{Md}#a-heading) [ok](#set-up--run-1) [folder](docs/) [web](https://example.com/gone{Md})",
        $"[gone](docs/gone{Md}) [no anchor](docs/page{Md}#no-such-heading) [out](../outside{Md})",
        $"`[in a code span](docs/gone{Md})`",
        "```sh",
        $"[in a fence](docs/gone{Md}) `src/InFence.cs`",
        "```",
        "`appsettings.json` `missing.json` `src/App/Real.cs` `./src/App/Gone.cs` `tests/Gone/` `docs/`",
        "`App/Real.cs` `App/Gone.cs` `App/Real.Run(x, …)` `App/Gone.Run` `RealTests` `App/GoneTests`",
        "`Europe/Berlin` `data/smsbuyz.db` `src/…` `tests/bin/Debug/x.png` `src/App/*.cs`",
    ];

    public static PlantedRepository Create()
    {
        var root = Directory.CreateTempSubdirectory("smsbuyz-docs-").FullName;
        Write(root, "x.sln", "");
        Write(root, "appsettings.json", "{}");
        Write(root, $"README{Md}", string.Join("\n", Readme) + "\n");
        Write(root, $"docs/page{Md}", $"# Page\n\n## A heading\n\n[back](../README{Md}#title)\n");
        Write(root, "src/App/Real.cs", $"// See docs/page{Md} and README{Md}.\n// Gone: docs/gone{Md}, DESIGN{Md}\n");
        Write(root, "src/App/bin/Debug/Copy.cs", $"// Build output is not read: docs/gone{Md}\n");
        Write(root, "tests/RealTests.cs", "\n");

        var expected = new List<string>
        {
            $"README.md:{Line("[gone]")}: link (docs/gone{Md}): docs/gone{Md} does not exist",
            $"README.md:{Line("[gone]")}: link (docs/page{Md}#no-such-heading): docs/page{Md} has no heading with the anchor #no-such-heading",
            $"README.md:{Line("[gone]")}: link (../outside{Md}): ../outside{Md} does not exist",
            $"README.md:{Line("`missing.json`")}: `missing.json`: names nothing in the repository",
            $"README.md:{Line("`missing.json`")}: `./src/App/Gone.cs`: names nothing in the repository",
            $"README.md:{Line("`missing.json`")}: `tests/Gone/`: names nothing in the repository",
            $"README.md:{Line("`App/Gone.cs`")}: `App/Gone.cs`: names nothing in the repository",
            $"README.md:{Line("`App/Gone.cs`")}: `App/Gone.Run`: names nothing in the repository",
            $"README.md:{Line("`App/Gone.cs`")}: `App/GoneTests`: names nothing in the repository",
            $"src/App/Real.cs:2: docs/gone{Md}: names a page that is not in the repository",
            $"src/App/Real.cs:2: DESIGN{Md}: names a page that is not in the repository",
        };
        return new(root, expected);
    }

    private static int Line(string fragment) => Array.FindIndex(Readme, l => l.Contains(fragment, StringComparison.Ordinal)) + 1;

    private static void Write(string root, string relative, string text)
    {
        var path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
