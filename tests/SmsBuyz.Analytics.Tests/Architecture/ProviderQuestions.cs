using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SmsBuyz.Analytics.Tests.Architecture;

/// <summary>A place where code asks which database it runs on.</summary>
internal sealed record ProviderQuestion(string File, int Line, string Code)
{
    public override string ToString() => $"{File}:{Line}: {Code}";
}

/// <summary>
/// Finds where code asks which database it runs on, by the compiler's symbols: a comparison of
/// <c>StorageProvider</c> values (<c>==</c>, <c>!=</c>, a pattern, a switch), a type test or cast to a provider's own
/// type (its <c>Database</c>, its <c>Presence</c>, its driver's connection), and <c>Database.SqliteOnly</c>.
/// </summary>
internal static class ProviderQuestions
{
    private const string Provider = "SmsBuyz.Analytics.Storage.StorageProvider";

    private static readonly HashSet<string> ProviderTypes =
    [
        "SmsBuyz.Analytics.Storage.SqliteDatabase", "SmsBuyz.Analytics.Storage.PostgreSqlDatabase",
        "SmsBuyz.Analytics.Storage.SqlitePresence", "SmsBuyz.Analytics.Storage.PgPresence",
        "Microsoft.Data.Sqlite.SqliteConnection", "Npgsql.NpgsqlConnection",
    ];

    public static List<ProviderQuestion> Find(Compilation compilation) =>
        [.. compilation.SyntaxTrees.AsParallel().SelectMany(tree => In(compilation.GetSemanticModel(tree)))
            .OrderBy(q => q.File, StringComparer.Ordinal).ThenBy(q => q.Line)];

    private static IEnumerable<ProviderQuestion> In(SemanticModel model) =>
        model.SyntaxTree.GetRoot().DescendantNodes().Where(node => Asks(model, node)).Select(node => new ProviderQuestion(
            model.SyntaxTree.FilePath, node.GetLocation().GetLineSpan().StartLinePosition.Line + 1, node.ToString()));

    private static bool Asks(SemanticModel model, SyntaxNode node) => node switch
    {
        BinaryExpressionSyntax b when b.IsKind(SyntaxKind.EqualsExpression) || b.IsKind(SyntaxKind.NotEqualsExpression) =>
            IsProvider(model, b.Left) || IsProvider(model, b.Right),
        // `x is A.B` is parsed as a type test even where A.B is a constant, which the binder then compares with.
        BinaryExpressionSyntax b when b.IsKind(SyntaxKind.IsExpression) || b.IsKind(SyntaxKind.AsExpression) =>
            IsProvider(model, b.Left) || IsProviderType(model, b.Right),
        IsPatternExpressionSyntax p => IsProvider(model, p.Expression),
        SwitchStatementSyntax s => IsProvider(model, s.Expression),
        SwitchExpressionSyntax s => IsProvider(model, s.GoverningExpression),
        DeclarationPatternSyntax d => IsProviderType(model, d.Type),
        TypePatternSyntax t => IsProviderType(model, t.Type),
        RecursivePatternSyntax { Type: { } type } => IsProviderType(model, type),
        ConstantPatternSyntax c => IsProviderType(model, c.Expression), // a switch arm's bare type name is parsed as a constant
        CastExpressionSyntax c => IsProviderType(model, c.Type),
        InvocationExpressionSyntax i => model.GetSymbolInfo(i).Symbol is IMethodSymbol { Name: "SqliteOnly" } m
            && m.ContainingType.ToDisplayString() == "SmsBuyz.Analytics.Storage.Database",
        _ => false,
    };

    /// <summary>Whether the expression is a <c>StorageProvider</c> (or a nullable one).</summary>
    private static bool IsProvider(SemanticModel model, ExpressionSyntax expression)
    {
        var type = model.GetTypeInfo(expression).Type;
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
            type = nullable.TypeArguments[0];
        return type?.ToDisplayString() == Provider;
    }

    private static bool IsProviderType(SemanticModel model, ExpressionSyntax type) =>
        model.GetTypeInfo(type).Type is { } t && ProviderTypes.Contains(t.OriginalDefinition.ToDisplayString());
}
