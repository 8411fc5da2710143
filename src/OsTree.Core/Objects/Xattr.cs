using System.Text;

namespace OsTree.Objects;

/// <summary>
/// One extended attribute as libostree stores it: the name (serialized with its terminating NUL) and the raw value.
/// </summary>
/// <remarks>
/// libostree orders a file's xattrs bytewise by name (NUL included, which is the same as ordinal order of the
/// names); <see cref="Sort"/> does the same. Parsed headers keep the order found in the object.
/// </remarks>
public sealed class Xattr : IEquatable<Xattr>
{
    private readonly byte[] _name;
    private readonly byte[] _value;

    /// <summary>Creates an xattr from raw bytes.</summary>
    /// <param name="name">The name, without a NUL, for example <c>user.foo</c> or <c>security.selinux</c>.</param>
    /// <param name="value">The value, as the kernel returns it (SELinux labels include their own trailing NUL).</param>
    /// <exception cref="ArgumentException">The name is empty or contains a NUL.</exception>
    public Xattr(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        if (name.IsEmpty || name.Contains((byte)0))
        {
            throw new ArgumentException("An xattr name is non-empty and has no NUL.", nameof(name));
        }

        _name = name.ToArray();
        _value = value.ToArray();
    }

    /// <summary>Creates an xattr from a text name.</summary>
    /// <param name="name">The name.</param>
    /// <param name="value">The value.</param>
    public Xattr(string name, ReadOnlySpan<byte> value)
        : this(Encoding.UTF8.GetBytes(name ?? throw new ArgumentNullException(nameof(name))), value)
    {
    }

    /// <summary>The name's bytes, without the NUL.</summary>
    public ReadOnlyMemory<byte> NameBytes => _name;

    /// <summary>The name as text.</summary>
    public string Name => Encoding.UTF8.GetString(_name);

    /// <summary>The value's bytes.</summary>
    public ReadOnlyMemory<byte> Value => _value;

    internal ReadOnlySpan<byte> NameSpan => _name;

    internal ReadOnlySpan<byte> ValueSpan => _value;

    /// <summary>Orders xattrs as libostree does: bytewise by name.</summary>
    /// <param name="xattrs">The xattrs.</param>
    /// <returns>A new sorted list.</returns>
    public static IReadOnlyList<Xattr> Sort(IEnumerable<Xattr> xattrs)
    {
        ArgumentNullException.ThrowIfNull(xattrs);
        var list = xattrs.ToArray();
        Array.Sort(list, static (a, b) => a.NameSpan.SequenceCompareTo(b.NameSpan));
        return list;
    }

    /// <inheritdoc/>
    public bool Equals(Xattr? other)
        => other is not null && _name.AsSpan().SequenceEqual(other._name) && _value.AsSpan().SequenceEqual(other._value);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as Xattr);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(_name);
        hash.AddBytes(_value);
        return hash.ToHashCode();
    }

    /// <summary>The name and the value's length.</summary>
    /// <returns>For example <c>user.a (1 bytes)</c>.</returns>
    public override string ToString() => $"{Name} ({_value.Length} bytes)";
}
