using System.Reflection;
using System.Text;

namespace OsTree.TestSupport;

/// <summary>
/// A text listing of an assembly's public surface, one member a line, sorted, so that every API change shows up in
/// a diff of <c>src/PACKAGE/PublicAPI.txt</c>. Set OSTREE_NET_UPDATE_API=1 to rewrite the file after an intended change.
/// </summary>
public static class PublicApiSnapshot
{
    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    public static string Generate(Assembly assembly)
    {
        var lines = new List<string>();
        foreach (var type in assembly.GetExportedTypes())
        {
            lines.Add($"{Kind(type)} {Name(type)}{Bases(type)}");
            foreach (var member in type.GetMembers(Declared))
            {
                if (Describe(type, member) is { } line)
                {
                    lines.Add($"{Name(type)}::{line}");
                }
            }
        }

        lines.Sort(StringComparer.Ordinal);
        return string.Join('\n', lines) + "\n";
    }

    /// <summary>Compares the assembly with the snapshot file; returns null when equal, else a readable difference.</summary>
    public static string? Compare(Assembly assembly, string snapshotPath)
    {
        var actual = Generate(assembly);
        if (Environment.GetEnvironmentVariable("OSTREE_NET_UPDATE_API") == "1")
        {
            File.WriteAllText(snapshotPath, actual);
            return null;
        }

        var expected = File.Exists(snapshotPath) ? File.ReadAllText(snapshotPath) : string.Empty;
        if (expected == actual)
        {
            return null;
        }

        var expectedLines = expected.Split('\n').ToHashSet(StringComparer.Ordinal);
        var actualLines = actual.Split('\n').ToHashSet(StringComparer.Ordinal);
        var sb = new StringBuilder($"The public API of {assembly.GetName().Name} differs from {snapshotPath} (rerun with OSTREE_NET_UPDATE_API=1 if intended):\n");
        foreach (var added in actualLines.Except(expectedLines).Order(StringComparer.Ordinal))
        {
            sb.Append("+ ").AppendLine(added);
        }

        foreach (var removed in expectedLines.Except(actualLines).Order(StringComparer.Ordinal))
        {
            sb.Append("- ").AppendLine(removed);
        }

        return sb.ToString();
    }

    /// <summary>The repository's root, found from the test's working directory.</summary>
    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "OsTree.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Cannot find OsTree.sln above " + AppContext.BaseDirectory);
    }

    private static string? Describe(Type owner, MemberInfo member)
    {
        switch (member)
        {
            case ConstructorInfo c when Visible(c):
                return $"ctor({Parameters(c.GetParameters())})";
            case MethodInfo m when Visible(m) && !m.IsSpecialName:
                return $"{(m.IsStatic ? "static " : string.Empty)}{(m.IsAbstract && !owner.IsInterface ? "abstract " : m.IsVirtual && !m.IsFinal && !owner.IsInterface ? "virtual " : string.Empty)}{Name(m.ReturnType)} {m.Name}{GenericArguments(m)}({Parameters(m.GetParameters())})";
            case MethodInfo m when Visible(m) && m.Name.StartsWith("op_", StringComparison.Ordinal):
                return $"static {Name(m.ReturnType)} {m.Name}({Parameters(m.GetParameters())})";
            case PropertyInfo p:
                var get = p.GetMethod is { } g && Visible(g) ? " get;" : string.Empty;
                var set = p.SetMethod is { } s && Visible(s) ? (s.ReturnParameter.GetRequiredCustomModifiers().Any(t => t.Name == "IsExternalInit") ? " init;" : " set;") : string.Empty;
                if (get.Length + set.Length == 0)
                {
                    return null;
                }

                var index = p.GetIndexParameters();
                var static_ = (p.GetMethod ?? p.SetMethod)!.IsStatic ? "static " : string.Empty;
                return $"{static_}{Name(p.PropertyType)} {(index.Length > 0 ? $"this[{Parameters(index)}]" : p.Name)} {{{get}{set} }}";
            case FieldInfo f when f.IsPublic || f.IsFamily || f.IsFamilyOrAssembly:
                if (owner.IsEnum)
                {
                    return f.IsStatic ? $"{f.Name} = {Convert.ToInt64(f.GetRawConstantValue(), System.Globalization.CultureInfo.InvariantCulture)}" : null;
                }

                return $"{(f.IsLiteral ? "const " : f.IsStatic ? "static " : string.Empty)}{(f.IsInitOnly ? "readonly " : string.Empty)}{Name(f.FieldType)} {f.Name}";
            case EventInfo e:
                return $"event {Name(e.EventHandlerType!)} {e.Name}";
            case Type nested when nested.IsNestedPublic:
                return null; // listed as its own type
            default:
                return null;
        }
    }

    private static bool Visible(MethodBase m) => m.IsPublic || m.IsFamily || m.IsFamilyOrAssembly;

    private static string GenericArguments(MethodInfo m)
        => m.IsGenericMethodDefinition ? "<" + string.Join(", ", m.GetGenericArguments().Select(a => a.Name)) + ">" : string.Empty;

    private static string Parameters(ParameterInfo[] parameters)
        => string.Join(", ", parameters.Select(p =>
        {
            var type = p.ParameterType;
            var prefix = type.IsByRef ? (p.IsOut ? "out " : p.IsIn ? "in " : "ref ") : string.Empty;
            var name = Name(type.IsByRef ? type.GetElementType()! : type);
            var optional = p.HasDefaultValue ? $" = {p.DefaultValue ?? "null"}" : string.Empty;
            return $"{prefix}{name} {p.Name}{optional}";
        }));

    private static string Kind(Type t)
        => t.IsInterface ? "interface"
            : t.IsEnum ? "enum"
            : t.IsValueType ? (t.IsDefined(typeof(System.Runtime.CompilerServices.IsReadOnlyAttribute)) ? "readonly struct" : "struct")
            : typeof(Delegate).IsAssignableFrom(t) ? "delegate"
            : t.IsAbstract && t.IsSealed ? "static class"
            : t.IsAbstract ? "abstract class"
            : t.IsSealed ? "sealed class"
            : "class";

    private static string Bases(Type t)
    {
        var bases = new List<string>();
        if (t.BaseType is { } b && b != typeof(object) && b != typeof(ValueType) && b != typeof(Enum) && !typeof(Delegate).IsAssignableFrom(t))
        {
            bases.Add(Name(b));
        }

        bases.AddRange(t.GetInterfaces().Select(Name).Order(StringComparer.Ordinal));
        return bases.Count == 0 ? string.Empty : " : " + string.Join(", ", bases);
    }

    private static string Name(Type t)
    {
        if (t.IsGenericParameter)
        {
            return t.Name;
        }

        if (t.IsArray)
        {
            return Name(t.GetElementType()!) + "[]";
        }

        if (t.IsPointer)
        {
            return Name(t.GetElementType()!) + "*";
        }

        var name = t.IsNested ? Name(t.DeclaringType!) + "." + t.Name : t.Namespace + "." + t.Name;
        if (!t.IsGenericType)
        {
            return name;
        }

        var tick = name.IndexOf('`', StringComparison.Ordinal);
        return (tick < 0 ? name : name[..tick]) + "<" + string.Join(", ", t.GetGenericArguments().Select(Name)) + ">";
    }
}
