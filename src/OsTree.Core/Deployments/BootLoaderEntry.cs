using System.Text;

namespace OsTree.Deployments;

/// <summary>
/// A Boot Loader Specification entry (<c>boot/loader/entries/ostree-*.conf</c>) as libostree reads and writes it:
/// <c>key value</c> lines; written in the order title, version, options, devicetree, linux, initrd, then any other
/// keys. A second <c>initrd</c> line is an overlay initramfs.
/// </summary>
public sealed class BootLoaderEntry
{
    private static readonly string[] WellKnownOrder = ["title", "version", "options", "devicetree", "linux", "initrd"];

    private readonly List<KeyValuePair<string, string>> _values = [];
    private readonly List<string> _overlayInitrds = [];

    /// <summary>Creates an empty entry.</summary>
    public BootLoaderEntry()
    {
    }

    /// <summary>The <c>title</c> line.</summary>
    public string? Title { get => Get("title"); set => Set("title", value); }

    /// <summary>The <c>version</c> line, which orders entries (highest first, by <c>strverscmp</c>).</summary>
    public string? Version { get => Get("version"); set => Set("version", value); }

    /// <summary>The <c>options</c> line: the kernel command line.</summary>
    public string? Options { get => Get("options"); set => Set("options", value); }

    /// <summary>The <c>linux</c> line: the kernel, relative to the boot partition.</summary>
    public string? Linux { get => Get("linux"); set => Set("linux", value); }

    /// <summary>The first <c>initrd</c> line.</summary>
    public string? Initrd { get => Get("initrd"); set => Set("initrd", value); }

    /// <summary>Further <c>initrd</c> lines (overlay initramfs images).</summary>
    public IReadOnlyList<string> OverlayInitrds => _overlayInitrds;

    /// <summary>Every key and value except the overlay initrds, in file order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Values => _values;

    /// <summary>Parses an entry: lines starting with a letter are <c>key</c>, space or tab, <c>value</c>; others are ignored.</summary>
    /// <param name="text">The file's text.</param>
    /// <returns>The entry.</returns>
    public static BootLoaderEntry Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var entry = new BootLoaderEntry();
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || !char.IsAsciiLetter(line[0]))
            {
                continue;
            }

            var separator = line.AsSpan().IndexOfAny(' ', '\t');
            if (separator <= 0)
            {
                continue;
            }

            var key = line[..separator];
            var value = line[(separator + 1)..];
            if (key == "initrd" && entry.Get("initrd") is not null)
            {
                entry._overlayInitrds.Add(value);
            }
            else
            {
                entry.Set(key, value);
            }
        }

        return entry;
    }

    /// <summary>The value of a key, or <see langword="null"/>.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The value.</returns>
    public string? Get(string key)
    {
        foreach (var pair in _values)
        {
            if (pair.Key == key)
            {
                return pair.Value;
            }
        }

        return null;
    }

    /// <summary>Sets (or with <see langword="null"/>, removes) a key.</summary>
    /// <param name="key">A key: letters, digits, <c>_</c> and <c>-</c>, starting with a letter.</param>
    /// <param name="value">A single-line value, or <see langword="null"/>.</param>
    public void Set(string key, string? value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (!char.IsAsciiLetter(key[0]) || key.AsSpan().IndexOfAny(" \t\n\r") >= 0)
        {
            throw new ArgumentException($"Invalid boot-loader entry key '{key}'.", nameof(key));
        }

        if (value is not null && value.AsSpan().IndexOfAny('\n', '\r') >= 0)
        {
            throw new ArgumentException($"A boot-loader entry value is one line: '{value}'.", nameof(value));
        }

        var index = _values.FindIndex(p => p.Key == key);
        if (value is null)
        {
            if (index >= 0)
            {
                _values.RemoveAt(index);
            }
        }
        else if (index >= 0)
        {
            _values[index] = new(key, value);
        }
        else
        {
            _values.Add(new(key, value));
        }
    }

    /// <summary>A copy that can be edited independently.</summary>
    /// <returns>A new entry.</returns>
    public BootLoaderEntry Clone()
    {
        var clone = new BootLoaderEntry();
        clone._values.AddRange(_values);
        clone._overlayInitrds.AddRange(_overlayInitrds);
        return clone;
    }

    /// <summary>The file text, in libostree's key order, each line ending in a newline.</summary>
    /// <returns>The entry as written to disk.</returns>
    public override string ToString()
    {
        var builder = new StringBuilder();
        foreach (var key in WellKnownOrder)
        {
            if (Get(key) is { } value)
            {
                builder.Append(key).Append(' ').Append(value).Append('\n');
            }
        }

        foreach (var overlay in _overlayInitrds)
        {
            builder.Append("initrd ").Append(overlay).Append('\n');
        }

        foreach (var (key, value) in _values)
        {
            if (Array.IndexOf(WellKnownOrder, key) < 0)
            {
                builder.Append(key).Append(' ').Append(value).Append('\n');
            }
        }

        return builder.ToString();
    }
}
