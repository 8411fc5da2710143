namespace OsTree.Packaging.Dpkg.Internal;

/// <summary>Where a field's value lies in the bytes of its file.</summary>
/// <param name="Start">The offset of the value's first byte.</param>
/// <param name="Length">The value's length in bytes.</param>
internal readonly record struct DpkgValueSlice(int Start, int Length);
