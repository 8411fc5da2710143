using System.Text;

namespace OsTree.Deployments;

/// <summary>
/// A GLib key file (<c>[group]</c> and <c>key=value</c> lines) that keeps comments, blank lines and order, so that
/// rewriting an origin file changes only what was changed, and new groups and keys land where GKeyFile puts them.
/// </summary>
internal sealed class KeyFile
{
    private readonly List<Line> _lines = [];

    private enum LineKind
    {
        Other,
        Group,
        Pair,
    }

    /// <summary>Parses key-file text.</summary>
    /// <exception cref="InvalidDataException">A line is neither a comment, a group header nor a key=value pair.</exception>
    internal static KeyFile Parse(string text)
    {
        var file = new KeyFile();
        string? group = null;
        var lineNumber = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            var line = raw.TrimEnd('\r');
            var trimmed = line.TrimStart();
            if (trimmed.Length == 0 || trimmed[0] == '#')
            {
                file._lines.Add(new Line(LineKind.Other, group, null, line));
            }
            else if (trimmed[0] == '[')
            {
                var end = trimmed.IndexOf(']', StringComparison.Ordinal);
                if (end < 2 || trimmed[(end + 1)..].Trim().Length != 0)
                {
                    throw new InvalidDataException($"Key file line {lineNumber}: invalid group header '{line}'.");
                }

                group = trimmed[1..end];
                file._lines.Add(new Line(LineKind.Group, group, null, line));
            }
            else
            {
                var eq = line.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0 || group is null)
                {
                    throw new InvalidDataException($"Key file line {lineNumber}: expected key=value inside a group, got '{line}'.");
                }

                file._lines.Add(new Line(LineKind.Pair, group, line[..eq].TrimEnd(), line));
            }
        }

        // The final "\n" of the text produces one empty trailing line that is not content.
        if (file._lines.Count > 0 && file._lines[^1].Kind == LineKind.Other && file._lines[^1].Text.Length == 0)
        {
            file._lines.RemoveAt(file._lines.Count - 1);
        }

        return file;
    }

    /// <summary>The groups, in file order.</summary>
    internal IEnumerable<string> Groups => _lines.Where(l => l.Kind == LineKind.Group).Select(l => l.Group!).Distinct(StringComparer.Ordinal);

    /// <summary>Whether the group exists.</summary>
    internal bool HasGroup(string group) => _lines.Any(l => l.Kind == LineKind.Group && l.Group == group);

    /// <summary>The keys of a group, in order.</summary>
    internal IEnumerable<string> Keys(string group) => _lines.Where(l => l.Kind == LineKind.Pair && l.Group == group).Select(l => l.Key!).Distinct(StringComparer.Ordinal);

    /// <summary>The unescaped value, or <see langword="null"/> when absent (the last occurrence wins, as in GKeyFile).</summary>
    internal string? GetString(string group, string key)
    {
        var line = _lines.LastOrDefault(l => l.Kind == LineKind.Pair && l.Group == group && l.Key == key);
        if (line is null)
        {
            return null;
        }

        var raw = line.Text[(line.Text.IndexOf('=', StringComparison.Ordinal) + 1)..].TrimStart(' ', '\t');
        return Unescape(raw);
    }

    /// <summary>A boolean value as GKeyFile reads it (<c>true</c>/<c>1</c>, <c>false</c>/<c>0</c>); <see langword="null"/> otherwise.</summary>
    internal bool? GetBoolean(string group, string key)
        => GetString(group, key)?.Trim() switch
        {
            "true" or "1" => true,
            "false" or "0" => false,
            _ => null,
        };

    /// <summary>Sets a value, adding the key after the group's last pair, or the group at the end, as GKeyFile does.</summary>
    internal void SetString(string group, string key, string value)
    {
        ValidateName(group, key);
        var text = $"{key}={Escape(value)}";
        var index = _lines.FindLastIndex(l => l.Kind == LineKind.Pair && l.Group == group && l.Key == key);
        if (index >= 0)
        {
            _lines[index] = new Line(LineKind.Pair, group, key, text);
            return;
        }

        var insertAt = _lines.FindLastIndex(l => (l.Kind == LineKind.Pair || l.Kind == LineKind.Group) && l.Group == group);
        if (insertAt < 0)
        {
            if (_lines.Count > 0 && _lines[^1].Text.Trim().Length != 0)
            {
                _lines.Add(new Line(LineKind.Other, _lines[^1].Group, null, string.Empty));
            }

            _lines.Add(new Line(LineKind.Group, group, null, $"[{group}]"));
            insertAt = _lines.Count - 1;
        }

        _lines.Insert(insertAt + 1, new Line(LineKind.Pair, group, key, text));
    }

    /// <summary>Sets a boolean as GKeyFile writes it.</summary>
    internal void SetBoolean(string group, string key, bool value) => SetString(group, key, value ? "true" : "false");

    /// <summary>Removes every occurrence of a key; the group stays, as with <c>g_key_file_remove_key</c>.</summary>
    internal bool RemoveKey(string group, string key) => _lines.RemoveAll(l => l.Kind == LineKind.Pair && l.Group == group && l.Key == key) > 0;

    /// <summary>The text, each line ending in a newline, as <c>g_key_file_to_data</c> writes it.</summary>
    public override string ToString()
    {
        var builder = new StringBuilder();
        foreach (var line in _lines)
        {
            builder.Append(line.Text).Append('\n');
        }

        return builder.ToString();
    }

    private static void ValidateName(string group, string key)
    {
        if (group.Length == 0 || group.AsSpan().IndexOfAny("[]\n") >= 0)
        {
            throw new ArgumentException($"Invalid key-file group name '{group}'.", nameof(group));
        }

        if (key.Length == 0 || key.AsSpan().IndexOfAny("=\n[]") >= 0 || key.Trim() != key)
        {
            throw new ArgumentException($"Invalid key-file key '{key}'.", nameof(key));
        }
    }

    private static string Escape(string value)
    {
        var builder = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case ' ' when i == 0:
                    builder.Append("\\s");
                    break;
                case '\t' when i == 0:
                    builder.Append("\\t");
                    break;
                case '\n':
                    builder.Append("\\n");
                    break;
                case '\t':
                    builder.Append("\\t");
                    break;
                case '\r':
                    builder.Append("\\r");
                    break;
                case '\\':
                    builder.Append("\\\\");
                    break;
                default:
                    builder.Append(c);
                    break;
            }
        }

        return builder.ToString();
    }

    private static string Unescape(string raw)
    {
        if (!raw.Contains('\\', StringComparison.Ordinal))
        {
            return raw;
        }

        var builder = new StringBuilder(raw.Length);
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] != '\\' || i + 1 == raw.Length)
            {
                builder.Append(raw[i]);
                continue;
            }

            i++;
            builder.Append(raw[i] switch
            {
                's' => ' ',
                'n' => '\n',
                't' => '\t',
                'r' => '\r',
                '\\' => '\\',
                _ => raw[i],
            });
        }

        return builder.ToString();
    }

    private sealed record Line(LineKind Kind, string? Group, string? Key, string Text);
}
