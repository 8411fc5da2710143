using System.Text;

namespace OsTree.Packaging.Dpkg.Internal;

/// <summary>
/// The field names of dpkg's status file as shared strings, so that a database of thousands of stanzas does not
/// allocate the same twenty names thousands of times; and their lower-case forms for case-insensitive dispatch.
/// </summary>
internal static class FieldNames
{
    private static readonly string[] Known =
    [
        "Package", "Status", "Priority", "Section", "Installed-Size", "Maintainer", "Architecture", "Multi-Arch",
        "Source", "Version", "Config-Version", "Replaces", "Depends", "Pre-Depends", "Recommends", "Suggests",
        "Breaks", "Conflicts", "Enhances", "Provides", "Conffiles", "Description", "Homepage", "Essential",
        "Protected", "Built-Using", "Static-Built-Using", "Triggers-Pending", "Triggers-Awaited", "Original-Maintainer",
        "Important", "Tag", "Ruby-Versions", "Python-Version", "Go-Import-Path", "Build-Essential", "Cnf-Extra-Commands",
        "Cnf-Visible-Pkgname", "Lua-Versions", "Gstreamer-Version", "Description-md5",
    ];

    private static readonly byte[][] KnownBytes = Known.Select(Encoding.ASCII.GetBytes).ToArray();

    private static readonly Dictionary<string, string> Lower = Known.ToDictionary(n => n, n => n.ToLowerInvariant(), StringComparer.OrdinalIgnoreCase);

    /// <summary>The name as a string: the shared instance when it is a known name spelled as dpkg spells it.</summary>
    public static string Get(ReadOnlySpan<byte> name)
    {
        for (var i = 0; i < KnownBytes.Length; i++)
        {
            if (name.SequenceEqual(KnownBytes[i]))
            {
                return Known[i];
            }
        }

        return Encoding.UTF8.GetString(name);
    }

    /// <summary>The lower-case form of a field name, without allocating for known names in any case.</summary>
    public static string ToLower(string name) => Lower.TryGetValue(name, out var lower) ? lower : name.ToLowerInvariant();
}
