using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace SmsBuyz.Analytics.Tests.Architecture;

/// <summary>
/// Which of an assembly's own types each of its types uses, read from the compiled metadata: base types, interfaces,
/// fields, signatures, locals and every type, method or field token in method bodies (lambdas and iterators are nested
/// types, so they count for the type that holds them). Constants are inlined by the compiler and do not count.
/// </summary>
internal sealed class TypeReferences
{
    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!).ToDictionary(o => o.Value);

    private readonly MetadataReader _reader;
    private readonly PEReader _pe;
    private readonly Collector _collector = new();

    private TypeReferences(PEReader pe)
    {
        _pe = pe;
        _reader = pe.GetMetadataReader();
    }

    /// <summary>Per type (by full name of its outermost declaring type's namespace and name), the namespaces of the own types it uses.</summary>
    public static List<(string FromNamespace, string FromType, string ToNamespace)> Read(Assembly assembly)
    {
        using var pe = new PEReader(File.OpenRead(assembly.Location));
        var refs = new TypeReferences(pe);
        var result = new List<(string, string, string)>();
        foreach (var handle in refs._reader.TypeDefinitions)
        {
            var (ns, name) = refs.Outermost(handle);
            foreach (var used in refs.Uses(handle).Select(refs.Outermost).Distinct())
                if (used.Namespace != ns)
                    result.Add((ns, name, used.Namespace));
        }
        return result;
    }

    private (string Namespace, string Name) Outermost(TypeDefinitionHandle handle)
    {
        var type = _reader.GetTypeDefinition(handle);
        while (type.GetDeclaringType() is { IsNil: false } outer)
            type = _reader.GetTypeDefinition(outer);
        return (_reader.GetString(type.Namespace), _reader.GetString(type.Name));
    }

    private List<TypeDefinitionHandle> Uses(TypeDefinitionHandle handle)
    {
        var type = _reader.GetTypeDefinition(handle);
        var used = new List<TypeDefinitionHandle>();
        used.AddRange(OfEntity(type.BaseType));
        foreach (var i in type.GetInterfaceImplementations())
            used.AddRange(OfEntity(_reader.GetInterfaceImplementation(i).Interface));
        foreach (var f in type.GetFields())
            used.AddRange(_reader.GetFieldDefinition(f).DecodeSignature(_collector, null));
        foreach (var m in type.GetMethods())
        {
            var method = _reader.GetMethodDefinition(m);
            var signature = method.DecodeSignature(_collector, null);
            used.AddRange(signature.ReturnType.Concat(signature.ParameterTypes.SelectMany(p => p)));
            if (method.RelativeVirtualAddress != 0)
                used.AddRange(Body(_pe.GetMethodBody(method.RelativeVirtualAddress)));
        }
        return used;
    }

    private IEnumerable<TypeDefinitionHandle> Body(MethodBodyBlock body)
    {
        if (!body.LocalSignature.IsNil)
        {
            foreach (var local in _reader.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(_collector, null))
                foreach (var t in local)
                    yield return t;
        }
        var il = body.GetILReader();
        while (il.RemainingBytes > 0)
        {
            short value = il.ReadByte();
            if (value == 0xFE)
                value = unchecked((short)(0xFE00 | il.ReadByte()));
            var op = OpCodesByValue[value];
            switch (op.OperandType)
            {
                case OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineType or OperandType.InlineTok:
                    foreach (var t in OfEntity(MetadataTokens.EntityHandle(il.ReadInt32())))
                        yield return t;
                    break;
                case OperandType.InlineSwitch:
                    var targets = il.ReadInt32(); // read first: `Offset += 4 * ReadInt32()` would add to the offset before the read
                    il.Offset += 4 * targets;
                    break;
                default:
                    il.Offset += op.OperandType switch
                    {
                        OperandType.InlineNone => 0,
                        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                        OperandType.InlineVar => 2,
                        OperandType.InlineI8 or OperandType.InlineR => 8,
                        _ => 4,
                    };
                    break;
            }
        }
    }

    private ImmutableArray<TypeDefinitionHandle> OfEntity(EntityHandle handle) => handle.IsNil ? [] : handle.Kind switch
    {
        HandleKind.TypeDefinition => [(TypeDefinitionHandle)handle],
        HandleKind.TypeSpecification => _reader.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(_collector, null),
        HandleKind.MethodDefinition => [_reader.GetMethodDefinition((MethodDefinitionHandle)handle).GetDeclaringType()],
        HandleKind.FieldDefinition => [_reader.GetFieldDefinition((FieldDefinitionHandle)handle).GetDeclaringType()],
        HandleKind.MemberReference => OfEntity(_reader.GetMemberReference((MemberReferenceHandle)handle).Parent),
        HandleKind.MethodSpecification => [.. OfEntity(_reader.GetMethodSpecification((MethodSpecificationHandle)handle).Method),
            .. _reader.GetMethodSpecification((MethodSpecificationHandle)handle).DecodeSignature(_collector, null).SelectMany(t => t)],
        _ => [],
    };

    /// <summary>Decodes signatures into the own types they mention; other assemblies' types are left out.</summary>
    private sealed class Collector : ISignatureTypeProvider<ImmutableArray<TypeDefinitionHandle>, object?>
    {
        public ImmutableArray<TypeDefinitionHandle> GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => [handle];
        public ImmutableArray<TypeDefinitionHandle> GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => [];
        public ImmutableArray<TypeDefinitionHandle> GetTypeFromSpecification(MetadataReader reader, object? context, TypeSpecificationHandle handle, byte rawTypeKind) =>
            reader.GetTypeSpecification(handle).DecodeSignature(this, context);
        public ImmutableArray<TypeDefinitionHandle> GetSZArrayType(ImmutableArray<TypeDefinitionHandle> elementType) => elementType;
        public ImmutableArray<TypeDefinitionHandle> GetArrayType(ImmutableArray<TypeDefinitionHandle> elementType, ArrayShape shape) => elementType;
        public ImmutableArray<TypeDefinitionHandle> GetByReferenceType(ImmutableArray<TypeDefinitionHandle> elementType) => elementType;
        public ImmutableArray<TypeDefinitionHandle> GetPointerType(ImmutableArray<TypeDefinitionHandle> elementType) => elementType;
        public ImmutableArray<TypeDefinitionHandle> GetPinnedType(ImmutableArray<TypeDefinitionHandle> elementType) => elementType;
        public ImmutableArray<TypeDefinitionHandle> GetGenericInstantiation(ImmutableArray<TypeDefinitionHandle> genericType, ImmutableArray<ImmutableArray<TypeDefinitionHandle>> typeArguments) =>
            [.. genericType, .. typeArguments.SelectMany(a => a)];
        public ImmutableArray<TypeDefinitionHandle> GetGenericMethodParameter(object? genericContext, int index) => [];
        public ImmutableArray<TypeDefinitionHandle> GetGenericTypeParameter(object? genericContext, int index) => [];
        public ImmutableArray<TypeDefinitionHandle> GetModifiedType(ImmutableArray<TypeDefinitionHandle> modifier, ImmutableArray<TypeDefinitionHandle> unmodifiedType, bool isRequired) => unmodifiedType;
        public ImmutableArray<TypeDefinitionHandle> GetPrimitiveType(PrimitiveTypeCode typeCode) => [];
        public ImmutableArray<TypeDefinitionHandle> GetFunctionPointerType(MethodSignature<ImmutableArray<TypeDefinitionHandle>> signature) =>
            [.. signature.ReturnType, .. signature.ParameterTypes.SelectMany(p => p)];
    }
}
