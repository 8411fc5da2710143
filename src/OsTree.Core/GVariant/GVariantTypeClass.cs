namespace OsTree.GVariant;

/// <summary>The kind of a <see cref="GVariantType"/>; each value is the type's leading character.</summary>
public enum GVariantTypeClass
{
    /// <summary><c>b</c>: a boolean, one byte (0 or 1).</summary>
    Boolean = 'b',

    /// <summary><c>y</c>: an unsigned byte.</summary>
    Byte = 'y',

    /// <summary><c>n</c>: a signed 16-bit integer.</summary>
    Int16 = 'n',

    /// <summary><c>q</c>: an unsigned 16-bit integer.</summary>
    UInt16 = 'q',

    /// <summary><c>i</c>: a signed 32-bit integer.</summary>
    Int32 = 'i',

    /// <summary><c>u</c>: an unsigned 32-bit integer.</summary>
    UInt32 = 'u',

    /// <summary><c>x</c>: a signed 64-bit integer.</summary>
    Int64 = 'x',

    /// <summary><c>t</c>: an unsigned 64-bit integer.</summary>
    UInt64 = 't',

    /// <summary><c>h</c>: a 32-bit file-descriptor index.</summary>
    Handle = 'h',

    /// <summary><c>d</c>: an IEEE 754 double.</summary>
    Double = 'd',

    /// <summary><c>s</c>: a UTF-8 string, NUL-terminated.</summary>
    String = 's',

    /// <summary><c>o</c>: a D-Bus object path, serialized as a string.</summary>
    ObjectPath = 'o',

    /// <summary><c>g</c>: a D-Bus type signature, serialized as a string.</summary>
    Signature = 'g',

    /// <summary><c>v</c>: a value of any type, carrying its type string.</summary>
    Variant = 'v',

    /// <summary><c>aT</c>: an array of T.</summary>
    Array = 'a',

    /// <summary><c>mT</c>: a maybe (nullable) T.</summary>
    Maybe = 'm',

    /// <summary><c>(…)</c>: a tuple.</summary>
    Tuple = '(',

    /// <summary><c>{kv}</c>: a dictionary entry, laid out as a 2-tuple.</summary>
    DictEntry = '{',
}
