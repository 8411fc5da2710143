using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace OsTree.Repositories;

/// <summary>
/// A GLib-style key file (<c>[group]</c> headers, <c>key=value</c> lines, <c>#</c> comments) as libostree uses for a
/// repository's <c>config</c> and a deployment's <c>.origin</c>. Unknown groups, keys, comments and their order are
/// kept, so a file read and written back changes only what was set.
/// </summary>
public sealed class KeyFile
{
    // Each group keeps its lines in order: comments and blank lines are stored with a null key.
    private readonly List<Group> _groups = [];
    private readonly List<string> _leading = [];

    /// <summary>The group names, in file order.</summary>
    public IEnumerable<string> Groups => _groups.Select(g => g.Name);

    /// <summary>Parses key-file text.</summary>
    /// <param name="text">The file's contents.</param>
    /// <returns>The key file.</returns>
    /// <exception cref="InvalidDataException">A line is neither a group header, a key, a comment nor blank.</exception>
    public static KeyFile Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var file = new KeyFile();
        Group? current = null;
        var lineNumber = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            var line = raw.TrimEnd('\r');
            var trimmed = line.TrimStart();
            if (trimmed.Length == 0 || trimmed[0] == '#')
            {
                if (current is null)
                {
                    file._leading.Add(line);
                }
                else
                {
                    current.Lines.Add(new(null, line));
                }

                continue;
            }

            if (trimmed[0] == '[')
            {
                var end = trimmed.IndexOf(']', StringComparison.Ordinal);
                if (end < 2 || trimmed[(end + 1)..].Trim().Length != 0)
                {
                    throw new InvalidDataException($"Key file line {lineNumber}: invalid group header '{line}'.");
                }

                var name = trimmed[1..end];
                current = file.FindGroup(name);
                if (current is null)
                {
                    current = new Group(name);
                    file._groups.Add(current);
                }

                continue;
            }

            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || current is null)
            {
                throw new InvalidDataException($"Key file line {lineNumber}: expected 'key=value' inside a group, got '{line}'.");
            }

            var key = line[..eq].Trim();
            var value = line[(eq + 1)..].TrimStart();
            var existing = current.Lines.FindIndex(l => l.Key == key);
            if (existing >= 0)
            {
                current.Lines[existing] = new(key, value);
            }
            else
            {
                current.Lines.Add(new(key, value));
            }
        }

        // Split('\n') yields one empty string after a final newline; it is not a line of the file.
        if (text.EndsWith('\n'))
        {
            var last = file._groups.Count > 0 ? file._groups[^1].Lines : null;
            if (last is { Count: > 0 } && last[^1].Key is null && last[^1].Value.Length == 0)
            {
                last.RemoveAt(last.Count - 1);
            }
            else if (last is null && file._leading.Count > 0 && file._leading[^1].Length == 0)
            {
                file._leading.RemoveAt(file._leading.Count - 1);
            }
        }

        return file;
    }

    /// <summary>Reads a key file from disk.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The key file.</returns>
    public static KeyFile Load(string path) => Parse(File.ReadAllText(path));

    /// <summary>Whether the group exists.</summary>
    /// <param name="group">The group name.</param>
    /// <returns><see langword="true"/> if present.</returns>
    public bool HasGroup(string group) => FindGroup(group) is not null;

    /// <summary>The keys of a group, in file order.</summary>
    /// <param name="group">The group name.</param>
    /// <returns>The keys; none if the group is absent.</returns>
    public IReadOnlyList<string> GetKeys(string group)
        => FindGroup(group)?.Lines.Where(l => l.Key is not null).Select(l => l.Key!).ToArray() ?? [];

    /// <summary>The raw (still escaped) value of a key.</summary>
    /// <param name="group">The group.</param>
    /// <param name="key">The key.</param>
    /// <param name="value">The value, when present.</param>
    /// <returns><see langword="true"/> if the key exists.</returns>
    public bool TryGetRawValue(string group, string key, [NotNullWhen(true)] out string? value)
    {
        var line = FindGroup(group)?.Lines.Find(l => l.Key == key);
        value = line?.Value;
        return value is not null;
    }

    /// <summary>A string value, with GLib's escapes (<c>\s \n \t \r \\</c>) decoded.</summary>
    /// <param name="group">The group.</param>
    /// <param name="key">The key.</param>
    /// <returns>The value, or <see langword="null"/> when absent.</returns>
    public string? GetString(string group, string key) => TryGetRawValue(group, key, out var raw) ? Unescape(raw) : null;

    /// <summary>A boolean value (<c>true</c>/<c>false</c>, also <c>1</c>/<c>0</c> as GLib accepts).</summary>
    /// <param name="group">The group.</param>
    /// <param name="key">The key.</param>
    /// <param name="defaultValue">The value when the key is absent.</param>
    /// <returns>The value.</returns>
    /// <exception cref="InvalidDataException">The value is not a boolean.</exception>
    public bool GetBoolean(string group, string key, bool defaultValue)
    {
        if (!TryGetRawValue(group, key, out var raw))
        {
            return defaultValue;
        }

        return raw.Trim() switch
        {
            "true" or "1" => true,
            "false" or "0" => false,
            _ => throw new InvalidDataException($"[{group}] {key}={raw} is not a boolean."),
        };
    }

    /// <summary>An integer value.</summary>
    /// <param name="group">The group.</param>
    /// <param name="key">The key.</param>
    /// <param name="defaultValue">The value when the key is absent.</param>
    /// <returns>The value.</returns>
    /// <exception cref="InvalidDataException">The value is not an integer.</exception>
    public long GetInt64(string group, string key, long defaultValue)
    {
        if (!TryGetRawValue(group, key, out var raw))
        {
            return defaultValue;
        }

        return long.TryParse(raw.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new InvalidDataException($"[{group}] {key}={raw} is not an integer.");
    }

    /// <summary>Sets a string value (escaped as GLib does), adding the group and key if needed.</summary>
    /// <param name="group">The group.</param>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    public void SetString(string group, string key, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        SetRawValue(group, key, Escape(value));
    }

    /// <summary>Sets a value verbatim, adding the group and key if needed.</summary>
    /// <param name="group">The group.</param>
    /// <param name="key">The key (no <c>=</c>, <c>[</c>, newline).</param>
    /// <param name="value">The value as it is to appear (no newline).</param>
    /// <exception cref="ArgumentException">The group, key or value cannot be written on one line.</exception>
    public void SetRawValue(string group, string key, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(group);
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(value);
        if (group.AsSpan().IndexOfAny("[]\n\r") >= 0 || key.AsSpan().IndexOfAny("=[]\n\r#") >= 0 || key.Trim() != key
            || value.AsSpan().IndexOfAny('\n', '\r') >= 0)
        {
            throw new ArgumentException($"Cannot write [{group}] {key} in a key file.");
        }

        var g = FindGroup(group);
        if (g is null)
        {
            g = new Group(group);
            _groups.Add(g);
        }

        var index = g.Lines.FindIndex(l => l.Key == key);
        if (index >= 0)
        {
            g.Lines[index] = new(key, value);
        }
        else
        {
            // Insert after the last key, before trailing blank lines or comments.
            var at = g.Lines.FindLastIndex(l => l.Key is not null) + 1;
            g.Lines.Insert(at, new(key, value));
        }
    }

    /// <summary>Removes a key.</summary>
    /// <param name="group">The group.</param>
    /// <param name="key">The key.</param>
    /// <returns><see langword="true"/> if it existed.</returns>
    public bool RemoveKey(string group, string key) => FindGroup(group)?.Lines.RemoveAll(l => l.Key == key) > 0;

    /// <summary>Removes a group and its keys.</summary>
    /// <param name="group">The group.</param>
    /// <returns><see langword="true"/> if it existed.</returns>
    public bool RemoveGroup(string group) => _groups.RemoveAll(g => g.Name == group) > 0;

    /// <summary>The file's text.</summary>
    /// <returns>Key-file text ending with a newline.</returns>
    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var line in _leading)
        {
            text.Append(line).Append('\n');
        }

        foreach (var g in _groups)
        {
            text.Append('[').Append(g.Name).Append("]\n");
            foreach (var line in g.Lines)
            {
                (line.Key is null ? text.Append(line.Value) : text.Append(line.Key).Append('=').Append(line.Value)).Append('\n');
            }
        }

        return text.ToString();
    }

    private Group? FindGroup(string name) => _groups.Find(g => g.Name == name);

    private static string Unescape(string raw)
    {
        if (!raw.Contains('\\', StringComparison.Ordinal))
        {
            return raw;
        }

        var text = new StringBuilder(raw.Length);
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] != '\\' || i == raw.Length - 1)
            {
                text.Append(raw[i]);
                continue;
            }

            var c = raw[++i];
            text.Append(c switch
            {
                's' => ' ',
                'n' => '\n',
                't' => '\t',
                'r' => '\r',
                '\\' => '\\',
                _ => c,
            });
        }

        return text.ToString();
    }

    private static string Escape(string value)
    {
        var text = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            text.Append(c switch
            {
                ' ' when i == 0 => @"\s",
                '\n' => @"\n",
                '\t' => @"\t",
                '\r' => @"\r",
                '\\' => @"\\",
                _ => c.ToString(),
            });
        }

        return text.ToString();
    }

    private sealed class Group(string name)
    {
        public string Name { get; } = name;

        public List<Line> Lines { get; } = [];
    }

    private readonly record struct Line(string? Key, string Value);
}
