using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace OsTree.GVariant;

/// <summary>
/// An <c>a{sv}</c> dictionary in insertion order, as libostree keeps commit metadata, detached metadata and summary
/// metadata. Lookups scan linearly, like libostree's; a key may appear more than once in data read from elsewhere,
/// and the first occurrence wins.
/// </summary>
public sealed class GVariantDictionary : IReadOnlyList<KeyValuePair<string, GVariantValue>>
{
    private readonly List<KeyValuePair<string, GVariantValue>> _entries;

    /// <summary>Creates an empty dictionary.</summary>
    public GVariantDictionary()
    {
        _entries = [];
    }

    /// <summary>Creates a dictionary holding <paramref name="entries"/> in the given order.</summary>
    /// <param name="entries">The entries.</param>
    public GVariantDictionary(IEnumerable<KeyValuePair<string, GVariantValue>> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        _entries = [.. entries];
    }

    /// <summary>An empty dictionary, serialized as zero bytes.</summary>
    public static GVariantDictionary Empty { get; } = new();

    /// <inheritdoc/>
    public int Count => _entries.Count;

    /// <inheritdoc/>
    public KeyValuePair<string, GVariantValue> this[int index] => _entries[index];

    /// <summary>Finds the first value stored under <paramref name="key"/>.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value (the variant's content, not the variant).</param>
    /// <returns><see langword="true"/> if the key is present.</returns>
    public bool TryGetValue(string key, [NotNullWhen(true)] out GVariantValue? value)
    {
        foreach (var entry in _entries)
        {
            if (string.Equals(entry.Key, key, StringComparison.Ordinal))
            {
                value = entry.Value;
                return true;
            }
        }

        value = null;
        return false;
    }

    /// <summary>Finds a string value, when the key is present with type <c>s</c>.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The string, or <see langword="null"/>.</returns>
    public string? GetStringOrNull(string key)
        => TryGetValue(key, out var value) && value.Type.Class == GVariantTypeClass.String ? value.GetString() : null;

    /// <summary>A copy with <paramref name="key"/> set: replaced in place when present, otherwise appended.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value (not wrapped in a variant).</param>
    /// <returns>The new dictionary.</returns>
    public GVariantDictionary With(string key, GVariantValue value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        var copy = new GVariantDictionary(_entries);
        var index = copy._entries.FindIndex(e => string.Equals(e.Key, key, StringComparison.Ordinal));
        if (index >= 0)
        {
            copy._entries[index] = new(key, value);
        }
        else
        {
            copy._entries.Add(new(key, value));
        }

        return copy;
    }

    /// <summary>A copy without <paramref name="key"/>.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The new dictionary.</returns>
    public GVariantDictionary Without(string key)
        => new(_entries.Where(e => !string.Equals(e.Key, key, StringComparison.Ordinal)));

    /// <summary>Parses a serialized <c>a{sv}</c>.</summary>
    /// <param name="data">The bytes.</param>
    /// <returns>The dictionary.</returns>
    /// <exception cref="InvalidDataException">The bytes are not a valid <c>a{sv}</c>.</exception>
    public static GVariantDictionary Parse(ReadOnlySpan<byte> data) => Read(new GVariantReader(GVariantType.VariantDictionary, data));

    /// <summary>Reads an <c>a{sv}</c> a reader views.</summary>
    /// <param name="reader">A view of type <c>a{sv}</c>.</param>
    /// <returns>The dictionary.</returns>
    /// <exception cref="InvalidDataException">The bytes are not a valid <c>a{sv}</c>.</exception>
    public static GVariantDictionary Read(GVariantReader reader)
    {
        if (!reader.Type.Equals(GVariantType.VariantDictionary))
        {
            throw new InvalidOperationException($"Expected an a{{sv}}, not '{reader.Type}'.");
        }

        var count = reader.GetArrayLength();
        var result = new GVariantDictionary();
        for (var i = 0; i < count; i++)
        {
            var entry = reader.GetArrayElement(i);
            var key = entry.GetChild(0).GetString();
            var value = GVariantValue.Read(entry.GetChild(1).GetVariant());
            result._entries.Add(new(key, value));
        }

        return result;
    }

    /// <summary>Serializes the dictionary as an <c>a{sv}</c> in normal form.</summary>
    /// <returns>The bytes.</returns>
    public byte[] ToArray()
    {
        using var writer = new GVariantWriter(GVariantType.VariantDictionary);
        WriteTo(writer);
        return writer.ToArray();
    }

    /// <summary>Writes the dictionary as the next value (an <c>a{sv}</c>) of <paramref name="writer"/>.</summary>
    /// <param name="writer">The writer.</param>
    public void WriteTo(GVariantWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.BeginArray();
        foreach (var (key, value) in _entries)
        {
            writer.BeginDictEntry();
            writer.WriteString(key);
            writer.BeginVariant(value.Type);
            value.WriteTo(writer);
            writer.EndVariant();
            writer.EndDictEntry();
        }

        writer.EndArray();
    }

    /// <inheritdoc/>
    public IEnumerator<KeyValuePair<string, GVariantValue>> GetEnumerator() => _entries.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
