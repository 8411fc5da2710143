namespace OsTree.Packaging.Rpm;

/// <summary>One index entry of an rpm header.</summary>
/// <param name="Tag">The tag number.</param>
/// <param name="Type">The data type.</param>
/// <param name="Offset">The data offset from the start of the data area.</param>
/// <param name="Count">The element count (bytes for BIN).</param>
public readonly record struct RpmHeaderEntry(int Tag, RpmTagType Type, int Offset, uint Count);
