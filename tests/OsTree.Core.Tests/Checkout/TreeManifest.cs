using System.Security.Cryptography;
using System.Text;
using OsTree.TestSupport;

namespace OsTree.Core.Tests.Checkout;

/// <summary>
/// Everything a checkout comparison looks at, read with the real tools (GNU find, getfattr): per entry its type,
/// mode, owner, size, link target, content hash, xattrs, whether its mtime is 0, and whether it is a hard link to a
/// repository object.
/// </summary>
internal static class TreeManifest
{
    public static SortedDictionary<string, string> Read(string root, string repository)
    {
        var objectInodes = Tool.Check("find", Path.Combine(repository, "objects"), "-type", "f", "-printf", "%i\n")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Concat(Tool.Check("find", Path.Combine(repository, "objects"), "-type", "l", "-printf", "%i\n").Split('\n', StringSplitOptions.RemoveEmptyEntries))
            .ToHashSet();
        var xattrs = ReadXattrs(root);
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var listing = Tool.Check("find", root, "-printf", "%P\t%y\t%#m\t%U:%G\t%s\t%i\t%T@\t%l\n");
        foreach (var line in listing.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var f = line.Split('\t');
            var (path, type, mode, owner, size, inode, mtime, target) = (f[0] == string.Empty ? "." : f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7]);
            var content = type == "f" ? Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(root, path)))) : string.Empty;
            if (type == "d")
            {
                size = "-";
            }

            var linked = type != "d" && objectInodes.Contains(inode) ? "linked" : "own-inode";
            var mtimeZero = double.Parse(mtime, System.Globalization.CultureInfo.InvariantCulture) == 0 ? "mtime0" : "mtime-now";
            xattrs.TryGetValue(path, out var x);
            result[path] = string.Join(' ', type, mode, owner, size, target, content, linked, mtimeZero, x ?? string.Empty);
        }

        return result;
    }

    private static Dictionary<string, string> ReadXattrs(string root)
    {
        var output = Tool.RunIn(root, "getfattr", "-R", "-h", "-d", "-m", "-", "-e", "hex", ".").StandardOutput;
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        string? current = null;
        var values = new StringBuilder();
        foreach (var line in output.Split('\n').Append(string.Empty))
        {
            if (line.StartsWith("# file: ", StringComparison.Ordinal))
            {
                current = line["# file: ".Length..];
                current = current == "." ? "." : current.StartsWith("./", StringComparison.Ordinal) ? current[2..] : current;
                values.Clear();
            }
            else if (line.Length == 0 && current is not null)
            {
                result[current] = values.ToString().Trim();
                current = null;
            }
            else if (current is not null)
            {
                values.Append(line).Append(' ');
            }
        }

        return result;
    }

    /// <summary>A readable difference of two manifests, empty when they are equal.</summary>
    public static string Diff(SortedDictionary<string, string> expected, SortedDictionary<string, string> actual)
    {
        var diff = new StringBuilder();
        foreach (var key in expected.Keys.Union(actual.Keys).Order(StringComparer.Ordinal))
        {
            expected.TryGetValue(key, out var e);
            actual.TryGetValue(key, out var a);
            if (e != a)
            {
                diff.AppendLine($"{key}:\n  ostree: {e ?? "(missing)"}\n  ours:   {a ?? "(missing)"}");
            }
        }

        return diff.ToString();
    }
}
