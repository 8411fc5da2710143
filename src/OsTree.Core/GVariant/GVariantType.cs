using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace OsTree.GVariant;

/// <summary>
/// A definite GVariant type (<c>s</c>, <c>a{sv}</c>, <c>(uuuusa(ayay))</c>, …) with the size and alignment that
/// GVariant's serialization rules derive from it.
/// </summary>
/// <remarks>Instances are immutable and compared by their type string.</remarks>
public sealed class GVariantType : IEquatable<GVariantType>
{
    /// <summary>The deepest nesting of containers accepted in a type or a serialized value (GLib allows 128).</summary>
    public const int MaxDepth = 64;

    /// <summary>The longest type string accepted (GLib's limit for a serialized variant's type).</summary>
    public const int MaxTypeStringLength = 255;

    private readonly GVariantType[] _children;

    private GVariantType(GVariantTypeClass typeClass, string text, GVariantType[] children)
    {
        Class = typeClass;
        TypeString = text;
        _children = children;
        (Alignment, FixedSize) = ComputeLayout(typeClass, children);
    }

    /// <summary><c>b</c>.</summary>
    public static GVariantType Boolean { get; } = Basic(GVariantTypeClass.Boolean);

    /// <summary><c>y</c>.</summary>
    public static GVariantType Byte { get; } = Basic(GVariantTypeClass.Byte);

    /// <summary><c>n</c>.</summary>
    public static GVariantType Int16 { get; } = Basic(GVariantTypeClass.Int16);

    /// <summary><c>q</c>.</summary>
    public static GVariantType UInt16 { get; } = Basic(GVariantTypeClass.UInt16);

    /// <summary><c>i</c>.</summary>
    public static GVariantType Int32 { get; } = Basic(GVariantTypeClass.Int32);

    /// <summary><c>u</c>.</summary>
    public static GVariantType UInt32 { get; } = Basic(GVariantTypeClass.UInt32);

    /// <summary><c>x</c>.</summary>
    public static GVariantType Int64 { get; } = Basic(GVariantTypeClass.Int64);

    /// <summary><c>t</c>.</summary>
    public static GVariantType UInt64 { get; } = Basic(GVariantTypeClass.UInt64);

    /// <summary><c>h</c>.</summary>
    public static GVariantType Handle { get; } = Basic(GVariantTypeClass.Handle);

    /// <summary><c>d</c>.</summary>
    public static GVariantType Double { get; } = Basic(GVariantTypeClass.Double);

    /// <summary><c>s</c>.</summary>
    public static GVariantType String { get; } = Basic(GVariantTypeClass.String);

    /// <summary><c>o</c>.</summary>
    public static GVariantType ObjectPath { get; } = Basic(GVariantTypeClass.ObjectPath);

    /// <summary><c>g</c>.</summary>
    public static GVariantType Signature { get; } = Basic(GVariantTypeClass.Signature);

    /// <summary><c>v</c>.</summary>
    public static GVariantType Variant { get; } = Basic(GVariantTypeClass.Variant);

    /// <summary><c>ay</c>: a byte string (checksums, xattr names and values).</summary>
    public static GVariantType ByteArray { get; } = ArrayOf(Byte);

    /// <summary><c>as</c>.</summary>
    public static GVariantType StringArray { get; } = ArrayOf(String);

    /// <summary><c>a{sv}</c>: the metadata dictionary of commits, commitmeta and summaries.</summary>
    public static GVariantType VariantDictionary { get; } = ArrayOf(DictEntryOf(String, Variant));

    // Types seen inside variants of real repositories; parsing one of these allocates nothing.
    private static readonly FrozenDictionary<string, GVariantType> s_common = new[]
    {
        Boolean, Byte, Int16, UInt16, Int32, UInt32, Int64, UInt64, Handle, Double, String, ObjectPath, Signature,
        Variant, ByteArray, StringArray, VariantDictionary, ArrayOf(ByteArray), ArrayOf(UInt32), ArrayOf(UInt64),
        ArrayOf(ArrayOf(String)), ArrayOf(TupleOf(String, String, String, String, String)),
        ArrayOf(TupleOf(ByteArray, ByteArray)), ArrayOf(DictEntryOf(String, String)),
    }.ToFrozenDictionary(t => t.TypeString, StringComparer.Ordinal);

    /// <summary>What kind of type this is.</summary>
    public GVariantTypeClass Class { get; }

    /// <summary>The type string, e.g. <c>a{sv}</c>.</summary>
    public string TypeString { get; }

    /// <summary>The alignment (1, 2, 4 or 8) of values of this type, relative to their container's start.</summary>
    public int Alignment { get; }

    /// <summary>The size of every value of this type, or 0 when values have variable size.</summary>
    public int FixedSize { get; }

    /// <summary>Whether every value of this type has the same size (<see cref="FixedSize"/>).</summary>
    public bool IsFixedSize => FixedSize != 0;

    /// <summary>Whether this is a basic type (a number, boolean, handle or string), as a dictionary key must be.</summary>
    public bool IsBasic => Class is not (GVariantTypeClass.Variant or GVariantTypeClass.Array or GVariantTypeClass.Maybe or GVariantTypeClass.Tuple or GVariantTypeClass.DictEntry);

    /// <summary>Whether values are serialized as NUL-terminated strings (<c>s</c>, <c>o</c>, <c>g</c>).</summary>
    public bool IsStringLike => Class is GVariantTypeClass.String or GVariantTypeClass.ObjectPath or GVariantTypeClass.Signature;

    /// <summary>The element type of an array or maybe.</summary>
    /// <exception cref="InvalidOperationException">This is not an array or maybe type.</exception>
    public GVariantType Element => Class is GVariantTypeClass.Array or GVariantTypeClass.Maybe
        ? _children[0]
        : throw new InvalidOperationException($"'{TypeString}' has no element type.");

    /// <summary>The member types of a tuple or dictionary entry; empty otherwise.</summary>
    public IReadOnlyList<GVariantType> Children => Class is GVariantTypeClass.Tuple or GVariantTypeClass.DictEntry ? _children : [];

    internal GVariantType[] ChildArray => _children;

    /// <summary>The array type whose elements are <paramref name="element"/>.</summary>
    /// <param name="element">The element type.</param>
    /// <returns><c>a</c> followed by the element's type string.</returns>
    public static GVariantType ArrayOf(GVariantType element)
    {
        ArgumentNullException.ThrowIfNull(element);
        return new GVariantType(GVariantTypeClass.Array, "a" + element.TypeString, [element]);
    }

    /// <summary>The maybe type of <paramref name="element"/>.</summary>
    /// <param name="element">The element type.</param>
    /// <returns><c>m</c> followed by the element's type string.</returns>
    public static GVariantType MaybeOf(GVariantType element)
    {
        ArgumentNullException.ThrowIfNull(element);
        return new GVariantType(GVariantTypeClass.Maybe, "m" + element.TypeString, [element]);
    }

    /// <summary>The tuple type of the given members.</summary>
    /// <param name="members">The member types, in order; none for the unit type <c>()</c>.</param>
    /// <returns>The tuple type.</returns>
    public static GVariantType TupleOf(params GVariantType[] members)
    {
        ArgumentNullException.ThrowIfNull(members);
        var text = new StringBuilder("(");
        foreach (var m in members)
        {
            ArgumentNullException.ThrowIfNull(m, nameof(members));
            text.Append(m.TypeString);
        }

        return new GVariantType(GVariantTypeClass.Tuple, text.Append(')').ToString(), [.. members]);
    }

    /// <summary>The dictionary-entry type <c>{kv}</c>.</summary>
    /// <param name="key">A basic type.</param>
    /// <param name="value">Any type.</param>
    /// <returns>The dictionary-entry type.</returns>
    /// <exception cref="ArgumentException"><paramref name="key"/> is not basic.</exception>
    public static GVariantType DictEntryOf(GVariantType key, GVariantType value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        if (!key.IsBasic)
        {
            throw new ArgumentException($"A dictionary key must be a basic type, not '{key.TypeString}'.", nameof(key));
        }

        return new GVariantType(GVariantTypeClass.DictEntry, "{" + key.TypeString + value.TypeString + "}", [key, value]);
    }

    /// <summary>Parses one complete, definite type string.</summary>
    /// <param name="typeString">For example <c>(a{sv}aya(say)sstayay)</c>.</param>
    /// <returns>The type.</returns>
    /// <exception cref="FormatException">The text is not exactly one valid type.</exception>
    public static GVariantType Parse(string typeString)
    {
        ArgumentNullException.ThrowIfNull(typeString);
        return TryParse(typeString, out var type) ? type : throw new FormatException($"'{typeString}' is not a GVariant type string.");
    }

    /// <summary>Parses one complete, definite type string.</summary>
    /// <param name="typeString">The text to parse.</param>
    /// <param name="type">The type, when the text is one.</param>
    /// <returns><see langword="true"/> if <paramref name="typeString"/> is exactly one valid type.</returns>
    public static bool TryParse(string? typeString, [NotNullWhen(true)] out GVariantType? type)
    {
        type = null;
        if (typeString is null || typeString.Length is 0 or > MaxTypeStringLength)
        {
            return false;
        }

        if (s_common.TryGetValue(typeString, out type))
        {
            return true;
        }

        var position = 0;
        type = ParseOne(typeString, ref position, 0);
        if (type is null || position != typeString.Length)
        {
            type = null;
            return false;
        }

        return true;
    }

    /// <summary>Parses the ASCII type string of a serialized variant.</summary>
    internal static bool TryParse(ReadOnlySpan<byte> ascii, [NotNullWhen(true)] out GVariantType? type)
    {
        type = null;
        if (ascii.Length is 0 or > MaxTypeStringLength)
        {
            return false;
        }

        if (ascii.Length == 1)
        {
            type = ascii[0] switch
            {
                (byte)'b' => Boolean, (byte)'y' => Byte, (byte)'n' => Int16, (byte)'q' => UInt16,
                (byte)'i' => Int32, (byte)'u' => UInt32, (byte)'x' => Int64, (byte)'t' => UInt64,
                (byte)'h' => Handle, (byte)'d' => Double, (byte)'s' => String, (byte)'o' => ObjectPath,
                (byte)'g' => Signature, (byte)'v' => Variant, _ => null,
            };
            return type is not null;
        }

        foreach (var b in ascii)
        {
            if (b is 0 or >= 0x80)
            {
                return false;
            }
        }

        return TryParse(Encoding.ASCII.GetString(ascii), out type);
    }

    private static GVariantType? ParseOne(string s, ref int position, int depth)
    {
        if (position >= s.Length || depth > MaxDepth)
        {
            return null;
        }

        var c = s[position++];
        switch (c)
        {
            case 'b': return Boolean;
            case 'y': return Byte;
            case 'n': return Int16;
            case 'q': return UInt16;
            case 'i': return Int32;
            case 'u': return UInt32;
            case 'x': return Int64;
            case 't': return UInt64;
            case 'h': return Handle;
            case 'd': return Double;
            case 's': return String;
            case 'o': return ObjectPath;
            case 'g': return Signature;
            case 'v': return Variant;
            case 'a':
            case 'm':
                {
                    var element = ParseOne(s, ref position, depth + 1);
                    return element is null ? null : c == 'a' ? ArrayOf(element) : MaybeOf(element);
                }

            case '(':
                {
                    var members = new List<GVariantType>();
                    while (position < s.Length && s[position] != ')')
                    {
                        var member = ParseOne(s, ref position, depth + 1);
                        if (member is null)
                        {
                            return null;
                        }

                        members.Add(member);
                    }

                    if (position >= s.Length)
                    {
                        return null;
                    }

                    position++;
                    return TupleOf([.. members]);
                }

            case '{':
                {
                    var key = ParseOne(s, ref position, depth + 1);
                    if (key is null || !key.IsBasic)
                    {
                        return null;
                    }

                    var value = ParseOne(s, ref position, depth + 1);
                    if (value is null || position >= s.Length || s[position] != '}')
                    {
                        return null;
                    }

                    position++;
                    return DictEntryOf(key, value);
                }

            default:
                return null;
        }
    }

    private static GVariantType Basic(GVariantTypeClass c) => new(c, ((char)c).ToString(), []);

    private static (int Alignment, int FixedSize) ComputeLayout(GVariantTypeClass c, GVariantType[] children)
    {
        switch (c)
        {
            case GVariantTypeClass.Boolean or GVariantTypeClass.Byte:
                return (1, 1);
            case GVariantTypeClass.Int16 or GVariantTypeClass.UInt16:
                return (2, 2);
            case GVariantTypeClass.Int32 or GVariantTypeClass.UInt32 or GVariantTypeClass.Handle:
                return (4, 4);
            case GVariantTypeClass.Int64 or GVariantTypeClass.UInt64 or GVariantTypeClass.Double:
                return (8, 8);
            case GVariantTypeClass.String or GVariantTypeClass.ObjectPath or GVariantTypeClass.Signature:
                return (1, 0);
            case GVariantTypeClass.Variant:
                return (8, 0);
            case GVariantTypeClass.Array or GVariantTypeClass.Maybe:
                return (children[0].Alignment, 0);
            default:
                {
                    // Tuples and dict entries: fixed-size only if every member is; the size is then rounded up to the
                    // alignment, and the unit type () is one byte.
                    var alignment = 1;
                    var offset = 0;
                    var isFixed = true;
                    foreach (var child in children)
                    {
                        alignment = Math.Max(alignment, child.Alignment);
                        if (!child.IsFixedSize)
                        {
                            isFixed = false;
                            continue;
                        }

                        offset = Align(offset, child.Alignment) + child.FixedSize;
                    }

                    if (!isFixed)
                    {
                        return (alignment, 0);
                    }

                    offset = Align(offset, alignment);
                    return (alignment, offset == 0 ? 1 : offset);
                }
        }
    }

    internal static int Align(int offset, int alignment) => (offset + alignment - 1) & ~(alignment - 1);

    /// <inheritdoc/>
    public bool Equals(GVariantType? other) => other is not null && string.Equals(TypeString, other.TypeString, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as GVariantType);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(TypeString);

    /// <summary>The type string.</summary>
    /// <returns><see cref="TypeString"/>.</returns>
    public override string ToString() => TypeString;
}
