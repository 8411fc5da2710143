namespace OsTree.Packaging.Rpm;

/// <summary>The data type of an rpm header entry.</summary>
public enum RpmTagType
{
    /// <summary>No data (never valid in a header).</summary>
    Null = 0,

    /// <summary>Single bytes.</summary>
    Char = 1,

    /// <summary>8-bit integers.</summary>
    Int8 = 2,

    /// <summary>Big-endian 16-bit integers, 2-aligned.</summary>
    Int16 = 3,

    /// <summary>Big-endian 32-bit integers, 4-aligned.</summary>
    Int32 = 4,

    /// <summary>Big-endian 64-bit integers, 8-aligned.</summary>
    Int64 = 5,

    /// <summary>One NUL-terminated string (count 1).</summary>
    String = 6,

    /// <summary>Raw bytes (count = number of bytes).</summary>
    Binary = 7,

    /// <summary>NUL-terminated strings packed back to back.</summary>
    StringArray = 8,

    /// <summary>One string per locale listed in tag 100.</summary>
    I18NString = 9,
}
