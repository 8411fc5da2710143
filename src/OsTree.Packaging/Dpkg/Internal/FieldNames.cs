using System.Text;

namespace OsTree.Packaging.Dpkg.Internal;

/// <summary>
/// The field names of dpkg's status file as shared strings, so that a database of thousands of stanzas does not
/// allocate the same twenty names thousands of times; each known name also has a number, so that the record builder
/// and the duplicate check dispatch on an integer rather than on a case-insensitive string comparison.
/// </summary>
internal static class FieldNames
{
    /// <summary>The number of a field name that is not in the known list.</summary>
    public const int Unknown = -1;

    // The fields the record builder reads come first, so that their numbers are constants.
    public const int Package = 0;
    public const int Status = 1;
    public const int Architecture = 2;
    public const int Version = 3;
    public const int ConfigVersion = 4;
    public const int MultiArch = 5;
    public const int Essential = 6;
    public const int Protected = 7;
    public const int TriggersPending = 8;
    public const int TriggersAwaited = 9;
    public const int InstalledSize = 10;
    public const int Description = 11;
    public const int Source = 12;

    private static readonly string[] Known =
    [
        "Package", "Status", "Architecture", "Version", "Config-Version", "Multi-Arch", "Essential", "Protected",
        "Triggers-Pending", "Triggers-Awaited", "Installed-Size", "Description", "Source",
        "Priority", "Section", "Maintainer", "Replaces", "Depends", "Pre-Depends", "Recommends", "Suggests",
        "Breaks", "Conflicts", "Enhances", "Provides", "Conffiles", "Homepage", "Built-Using", "Static-Built-Using",
        "Original-Maintainer", "Important", "Tag", "Ruby-Versions", "Python-Version", "Go-Import-Path", "Build-Essential",
        "Cnf-Extra-Commands", "Cnf-Visible-Pkgname", "Lua-Versions", "Gstreamer-Version", "Description-md5",
    ];

    // Known names by length: a lookup compares a name with the one to four names of its length, not with all of them.
    private static readonly (byte[] Bytes, int Number)[][] ByLength = BuildByLength();

    /// <summary>The name as a string (the shared instance when it is a known name spelled as dpkg spells it), and its number.</summary>
    /// <param name="name">The name's bytes.</param>
    /// <param name="number">The known name it is, compared case-insensitively as dpkg does; <see cref="Unknown"/> otherwise.</param>
    public static string Get(ReadOnlySpan<byte> name, out int number)
    {
        if (name.Length < ByLength.Length)
        {
            foreach (var (bytes, known) in ByLength[name.Length])
            {
                if (name.SequenceEqual(bytes))
                {
                    number = known;
                    return Known[known];
                }

                if (Ascii.EqualsIgnoreCase(name, bytes))
                {
                    number = known;
                    return Encoding.UTF8.GetString(name);
                }
            }
        }

        number = Unknown;
        return Encoding.UTF8.GetString(name);
    }

    private static (byte[] Bytes, int Number)[][] BuildByLength()
    {
        var table = new List<(byte[], int)>[Known.Max(n => n.Length) + 1];
        for (var i = 0; i < table.Length; i++)
        {
            table[i] = [];
        }

        for (var i = 0; i < Known.Length; i++)
        {
            table[Known[i].Length].Add((Encoding.ASCII.GetBytes(Known[i]), i));
        }

        return Array.ConvertAll(table, l => l.ToArray());
    }
}
