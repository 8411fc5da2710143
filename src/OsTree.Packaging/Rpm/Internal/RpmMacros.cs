using OsTree.Packaging.Internal;
using OsTree.Trees;

namespace OsTree.Packaging.Rpm.Internal;

/// <summary>
/// Reads <c>%_dbpath</c> overrides from a tree's rpm macro files (<c>usr/lib/rpm/macros</c>,
/// <c>usr/lib/rpm/macros.d/*</c>, <c>etc/rpm/macros*</c>; later files win, as in rpm's macro path). Only literal
/// values and the common directory macros are expanded; anything else is ignored.
/// </summary>
internal static class RpmMacros
{
    private static readonly Dictionary<string, string> DirectoryMacros = new(StringComparer.Ordinal)
    {
        ["_var"] = "/var",
        ["_localstatedir"] = "/var",
        ["_usr"] = "/usr",
        ["_prefix"] = "/usr",
        ["_usrlib"] = "/usr/lib",
        ["_sharedstatedir"] = "/var/lib",
    };

    public static IEnumerable<string> DbPaths(IFileTree tree)
    {
        string? value = null;
        foreach (var file in MacroFiles(tree))
        {
            if (!TreeFiles.TryResolveFile(tree, file, out var resolved, out var size) || size > 1 << 20)
            {
                continue;
            }

            var bytes = TreeFiles.ReadAll(tree, resolved, out var length);
            foreach (var line in System.Text.Encoding.UTF8.GetString(bytes, 0, length).Split('\n'))
            {
                var trimmed = line.Trim();
                if (!trimmed.StartsWith("%_dbpath", StringComparison.Ordinal) || trimmed.Length <= 8 || !char.IsWhiteSpace(trimmed[8]))
                {
                    continue;
                }

                value = Expand(trimmed[8..].Trim());
            }
        }

        if (value is not null && value.StartsWith('/'))
        {
            yield return value.TrimStart('/');
        }
    }

    private static IEnumerable<string> MacroFiles(IFileTree tree)
    {
        yield return "usr/lib/rpm/macros";
        foreach (var dir in new[] { "usr/lib/rpm/macros.d", "etc/rpm" })
        {
            if (!TreeFiles.TryResolveDirectory(tree, dir, out var resolved))
            {
                continue;
            }

            foreach (var name in tree.EnumerateDirectory(resolved).Select(e => e.Name).Where(n => n.StartsWith("macros", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
            {
                yield return TreeFiles.Join(resolved, name);
            }
        }
    }

    private static string? Expand(string value)
    {
        var result = new System.Text.StringBuilder();
        var i = 0;
        while (i < value.Length)
        {
            if (value[i] != '%')
            {
                result.Append(value[i++]);
                continue;
            }

            var braced = i + 1 < value.Length && value[i + 1] == '{';
            var start = i + (braced ? 2 : 1);
            var end = start;
            while (end < value.Length && (char.IsAsciiLetterOrDigit(value[end]) || value[end] == '_'))
            {
                end++;
            }

            if (braced && (end >= value.Length || value[end] != '}'))
            {
                return null;
            }

            if (!DirectoryMacros.TryGetValue(value[start..end], out var expansion))
            {
                return null;
            }

            result.Append(expansion);
            i = braced ? end + 1 : end;
        }

        return result.ToString();
    }
}
