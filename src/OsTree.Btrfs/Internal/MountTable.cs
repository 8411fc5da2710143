using System.Text;

namespace OsTree.Btrfs.Internal;

/// <summary>Reads <c>/proc/self/mountinfo</c> (see proc(5)); octal escapes such as <c>\040</c> are decoded.</summary>
internal static class MountTable
{
    internal const string DefaultPath = "/proc/self/mountinfo";

    internal static IReadOnlyList<MountEntry> Read(string path = DefaultPath)
    {
        var entries = new List<MountEntry>();
        foreach (var line in File.ReadLines(path))
        {
            if (TryParse(line, out var entry))
            {
                entries.Add(entry);
            }
        }

        return entries;
    }

    internal static bool TryParse(string line, out MountEntry entry)
    {
        entry = default;
        var fields = line.Split(' ');
        if (fields.Length < 10)
        {
            return false;
        }

        // Optional fields (shared:N, master:N, …) come between field 6 and the lone "-".
        var separator = Array.IndexOf(fields, "-", 6);
        if (separator < 0 || separator + 3 >= fields.Length)
        {
            return false;
        }

        entry = new MountEntry(Unescape(fields[3]), Unescape(fields[4]), fields[separator + 1], fields[separator + 3]);
        return true;
    }

    // The kernel escapes only space, tab, newline and backslash (all ASCII) as \ooo.
    private static string Unescape(string field)
    {
        if (!field.Contains('\\', StringComparison.Ordinal))
        {
            return field;
        }

        var builder = new StringBuilder(field.Length);
        for (var i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && i + 3 < field.Length && IsOctal(field[i + 1]) && IsOctal(field[i + 2]) && IsOctal(field[i + 3]))
            {
                builder.Append((char)(((field[i + 1] - '0') << 6) | ((field[i + 2] - '0') << 3) | (field[i + 3] - '0')));
                i += 3;
            }
            else
            {
                builder.Append(field[i]);
            }
        }

        return builder.ToString();
    }

    private static bool IsOctal(char c) => c is >= '0' and <= '7';
}
