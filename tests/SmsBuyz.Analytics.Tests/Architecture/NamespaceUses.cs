using System.Reflection.PortableExecutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SmsBuyz.Analytics.Tests.Architecture;

/// <summary>A file's use of a type (or a member of it) declared in another namespace of the same sources.</summary>
internal sealed record NamespaceUse(string From, string To, string File, string Used);

/// <summary>
/// Which namespaces of a set of C# sources use which, read by compiling the sources and resolving every name to its
/// symbol, as the compiler does: types and members, constants and enum members (which compiled code inlines, so a
/// reader of IL never sees them), attributes, nameof, static and alias usings, generic arguments (inferred ones too),
/// the type of every expression and every <c>var</c>, user-defined conversions, and the methods that foreach, await,
/// deconstruction and collection initializers call without naming them. Documentation comments do not count.
/// </summary>
internal sealed class NamespaceUses
{
    public const string GlobalNamespace = "<global namespace>";

    /// <summary>The SDK's implicit usings for Microsoft.NET.Sdk (ImplicitUsings=enable in Directory.Build.props).</summary>
    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    private static readonly SymbolDisplayFormat Name = new(
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypes,
        memberOptions: SymbolDisplayMemberOptions.IncludeContainingType);

    private NamespaceUses(IReadOnlyList<Diagnostic> errors, IReadOnlySet<NamespaceUse> uses)
    {
        Errors = errors;
        Uses = uses;
    }

    public IReadOnlySet<NamespaceUse> Uses { get; }

    /// <summary>
    /// The compiler's errors. A name the compiler could not resolve is a use nobody saw, so a caller requires none. The
    /// bodies that the logging source generator writes for <c>[LoggerMessage]</c> methods are not generated here; their
    /// "partial method must have an implementation" errors are left out, as the calls resolve to the declarations.
    /// </summary>
    public IReadOnlyList<Diagnostic> Errors { get; }

    /// <param name="sources">Each file's path (as it is to be reported) and text.</param>
    public static NamespaceUses Read(IEnumerable<(string Path, string Text)> sources, IEnumerable<MetadataReference> references) =>
        Read(Compile(sources, references));

    public static NamespaceUses Read(CSharpCompilation compilation)
    {
        var files = compilation.SyntaxTrees.AsParallel().Select(tree =>
        {
            var model = compilation.GetSemanticModel(tree);
            return (Errors: ErrorsIn(model), Uses: new FileWalker(model, compilation.Assembly).Walk());
        }).ToList();
        return new NamespaceUses([.. files.SelectMany(f => f.Errors)], files.SelectMany(f => f.Uses).ToHashSet());
    }

    /// <summary>
    /// Sources compiled as the build compiles them, with the SDK's implicit usings. <paramref name="name"/> is the
    /// assembly's: an assembly that lets another see its internals names the one it lets.
    /// </summary>
    public static CSharpCompilation Compile(IEnumerable<(string Path, string Text)> sources, IEnumerable<MetadataReference> references,
        string name = "Analyzed")
    {
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var trees = sources.Select(s => CSharpSyntaxTree.ParseText(s.Text, parse, s.Path)).ToList();
        var entryPoint = trees.Any(t => t.GetCompilationUnitRoot().Members.OfType<GlobalStatementSyntax>().Any());
        return CSharpCompilation.Create(name,
            [.. trees, CSharpSyntaxTree.ParseText(ImplicitUsings, parse, "ImplicitUsings.cs")], references,
            new CSharpCompilationOptions(entryPoint ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary,
                // Nullability changes the meaning of no name, and leaving it out spares the binder its flow analysis.
                nullableContextOptions: NullableContextOptions.Disable));
    }

    /// <summary>The compiler's errors in one file (see <see cref="Errors"/>).</summary>
    public static List<Diagnostic> ErrorsIn(SemanticModel model) =>
        [.. model.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error && !IsLoggerMessageBody(d, model))];

    /// <summary>The assemblies in some folders; where two folders hold one assembly, the later folder's copy is taken.</summary>
    public static IEnumerable<MetadataReference> ReferencesIn(IEnumerable<string> folders, string? except = null)
    {
        var assemblies = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var file in folders.SelectMany(f => Directory.EnumerateFiles(f, "*.dll")).Where(IsAssembly))
            assemblies[Path.GetFileName(file)] = file;
        return assemblies.Where(a => a.Key != except).Select(a => MetadataReference.CreateFromFile(a.Value));
    }

    private static bool IsAssembly(string file)
    {
        using var pe = new PEReader(File.OpenRead(file));
        return pe.HasMetadata;
    }

    private static bool IsLoggerMessageBody(Diagnostic error, SemanticModel model)
    {
        if (error.Id != "CS8795")
            return false;
        var method = model.SyntaxTree.GetRoot().FindNode(error.Location.SourceSpan).FirstAncestorOrSelf<MethodDeclarationSyntax>();
        return method is not null && model.GetDeclaredSymbol(method) is { } symbol
            && symbol.GetAttributes().Any(a => a.AttributeClass?.Name == "LoggerMessageAttribute");
    }

    private sealed class FileWalker(SemanticModel model, IAssemblySymbol own)
    {
        public HashSet<NamespaceUse> Walk()
        {
            var uses = new HashSet<NamespaceUse>();
            var root = model.SyntaxTree.GetCompilationUnitRoot();
            var fileNamespace = root.Members.OfType<BaseNamespaceDeclarationSyntax>().ToList() is [var only] ? NamespaceOf(only) : GlobalNamespace;
            foreach (var node in root.DescendantNodes())
            {
                var from = node.FirstAncestorOrSelf<BaseNamespaceDeclarationSyntax>() is { } ns ? NamespaceOf(ns) : fileNamespace;
                foreach (var symbol in SymbolsAt(node))
                    foreach (var (type, used) in Declarations(symbol))
                    {
                        var to = Namespace(type);
                        if (to != from)
                            uses.Add(new NamespaceUse(from, to, model.SyntaxTree.FilePath, used.ToDisplayString(Name)));
                    }
            }
            return uses;
        }

        private string NamespaceOf(BaseNamespaceDeclarationSyntax declaration) => Namespace(model.GetDeclaredSymbol(declaration)!);

        private static string Namespace(ISymbol symbol) =>
            (symbol as INamespaceSymbol ?? symbol.ContainingNamespace) is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() : GlobalNamespace;

        /// <summary>What the compiler bound at one node, named or implied.</summary>
        private IEnumerable<ISymbol?> SymbolsAt(SyntaxNode node)
        {
            var info = model.GetSymbolInfo(node);
            yield return info.Symbol;
            foreach (var candidate in info.CandidateSymbols) // nameof(a method group), an overload left ambiguous
                yield return candidate;
            if (node is ExpressionSyntax expression)
            {
                var type = model.GetTypeInfo(expression);
                yield return type.Type;
                yield return type.ConvertedType;
                yield return model.GetConversion(expression).MethodSymbol;
                if (expression.Parent.IsKind(SyntaxKind.CollectionInitializerExpression))
                {
                    var add = model.GetCollectionInitializerSymbolInfo(expression);
                    yield return add.Symbol;
                    foreach (var candidate in add.CandidateSymbols)
                        yield return candidate;
                }
            }
            switch (node)
            {
                case CommonForEachStatementSyntax loop:
                    var each = model.GetForEachStatementInfo(loop);
                    foreach (var s in new ISymbol?[] { each.GetEnumeratorMethod, each.MoveNextMethod, each.CurrentProperty, each.DisposeMethod, each.ElementType })
                        yield return s;
                    if (loop is ForEachVariableStatementSyntax deconstructed)
                        foreach (var s in Deconstruct(model.GetDeconstructionInfo(deconstructed)))
                            yield return s;
                    break;
                case AwaitExpressionSyntax awaited:
                    var wait = model.GetAwaitExpressionInfo(awaited);
                    yield return wait.GetAwaiterMethod;
                    yield return wait.IsCompletedProperty;
                    yield return wait.GetResultMethod;
                    break;
                case AssignmentExpressionSyntax { Left: TupleExpressionSyntax or DeclarationExpressionSyntax } assignment:
                    foreach (var s in Deconstruct(model.GetDeconstructionInfo(assignment)))
                        yield return s;
                    break;
                case QueryClauseSyntax clause:
                    var query = model.GetQueryClauseInfo(clause);
                    yield return query.CastInfo.Symbol;
                    yield return query.OperationInfo.Symbol;
                    break;
            }
        }

        private static IEnumerable<ISymbol?> Deconstruct(DeconstructionInfo info) =>
            info.Nested.SelectMany(Deconstruct).Append(info.Method).Append(info.Conversion?.MethodSymbol);

        /// <summary>The own types a symbol stands for, each with what to call the use (the member where it is one).</summary>
        private IEnumerable<(ITypeSymbol Type, ISymbol Used)> Declarations(ISymbol? symbol) => symbol switch
        {
            null or IErrorTypeSymbol => [],
            IAliasSymbol alias => Declarations(alias.Target),
            INamedTypeSymbol { IsAnonymousType: true } => [],
            INamedTypeSymbol type => type.TypeArguments.SelectMany(Declarations)
                .Concat(SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, own) ? [(type, type.OriginalDefinition)] : []),
            IArrayTypeSymbol array => Declarations(array.ElementType),
            IPointerTypeSymbol pointer => Declarations(pointer.PointedAtType),
            IFunctionPointerTypeSymbol pointer => Declarations(pointer.Signature),
            IMethodSymbol { MethodKind: MethodKind.AnonymousFunction or MethodKind.LocalFunction } => [],
            IMethodSymbol method => method.TypeArguments.SelectMany(Declarations).Concat(Member(method.ReducedFrom ?? method)), // x.Ext() is Holder.Ext(x)
            IFieldSymbol or IPropertySymbol or IEventSymbol => Member(symbol),
            _ => [], // namespaces (a using alone uses nothing), locals, parameters, type parameters, labels
        };

        /// <summary>A member is a use of its type (and of that type's generic arguments), named by the member.</summary>
        private IEnumerable<(ITypeSymbol, ISymbol)> Member(ISymbol member) =>
            Declarations(member.ContainingType).Select(d =>
                SymbolEqualityComparer.Default.Equals(d.Type, member.ContainingType) ? (d.Type, member.OriginalDefinition) : d);
    }
}
