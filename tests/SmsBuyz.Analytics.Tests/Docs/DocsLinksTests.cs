using Xunit.Abstractions;

namespace SmsBuyz.Analytics.Tests.Docs;

/// <summary>
/// README.md and docs/ stay whole: every relative link leads to a file and its #anchor to a heading there, every
/// repository path the pages name in backticks exists, and no code names a page that is not in the repository. A move
/// or a rename that breaks any of them fails with every broken one listed.
/// </summary>
public sealed class DocsLinksTests(ITestOutputHelper output)
{
    [Fact]
    public void EveryLinkAndPathTheDocsName_Exists()
    {
        var repo = Repository.OfThisTest();
        var findings = Check(repo);
        output.WriteLine($"{findings.Count} references checked in {repo.Pages.Count()} pages and the code files");

        var broken = findings.Where(f => f.Problem is not null).ToList();
        Assert.True(broken.Count == 0, $"{broken.Count} broken references:\n" + string.Join("\n", broken));
        // The checks read what they should: a scanner that found nothing would pass the assertion above.
        Assert.Contains(findings, f => f.Where.StartsWith("README.md:", StringComparison.Ordinal) && f.Where.Contains(".md#", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.Where.StartsWith("docs/", StringComparison.Ordinal) && f.Where.Contains("`src/", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.Where.StartsWith("docs/", StringComparison.Ordinal) && f.Where.EndsWith("Tests`", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.Where.StartsWith("src/", StringComparison.Ordinal) && f.Where.EndsWith(".md", StringComparison.Ordinal));
    }

    [Fact]
    public void PlantedBreaks_AreEachReported_AndNothingElse()
    {
        var planted = PlantedRepository.Create();
        try
        {
            var broken = Check(new Repository(planted.Root)).Where(f => f.Problem is not null).Select(f => f.ToString()).ToList();
            foreach (var line in broken)
                output.WriteLine(line);
            Assert.Equal(planted.Expected, broken);
        }
        finally
        {
            Directory.Delete(planted.Root, recursive: true);
        }
    }

    [Theory]
    [InlineData("Install as a .NET tool", "install-as-a-net-tool")]
    [InlineData("`bench sweep`: fewest requests, the rate limit as the only bound", "bench-sweep-fewest-requests-the-rate-limit-as-the-only-bound")]
    [InlineData("The worker's reports job and the settings", "the-workers-reports-job-and-the-settings")]
    [InlineData("`AutoBuy` and `Notifications` keys", "autobuy-and-notifications-keys")]
    [InlineData("Logs & metrics", "logs--metrics")]
    [InlineData("Exactly one buyer: `AutoBuy/BuyerLease.cs` (PostgreSQL only)", "exactly-one-buyer-autobuybuyerleasecs-postgresql-only")]
    [InlineData("See [the design](design.html) *now*", "see-the-design-now")]
    [InlineData("Größe – 40 × 7", "größe--40--7")]
    public void Slug_IsGitHubs(string heading, string anchor) => Assert.Equal(anchor, Markdown.Slug(heading));

    [Fact]
    public void Anchors_NumberARepeatedHeading()
    {
        var anchors = Markdown.Anchors("# Setup\n\n## Setup\n\n```sh\n# not a heading\n```\n### Setup #\n");
        Assert.Equal(["setup", "setup-1", "setup-2"], anchors.Order());
    }

    private static List<Finding> Check(Repository repo) =>
        [.. repo.Pages.SelectMany(page => DocLinks.Check(repo, page).Concat(DocPaths.Check(repo, page))).Concat(CodeMentions.Check(repo))];
}
