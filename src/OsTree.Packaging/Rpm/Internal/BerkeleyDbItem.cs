namespace OsTree.Packaging.Rpm.Internal;

/// <summary>Where a Berkeley DB hash item's data is: copied out of its page when small, else an overflow chain.</summary>
/// <param name="Inline">The data of an on-page item, or <see langword="null"/> for an off-page one.</param>
/// <param name="Page">The first page of the overflow chain.</param>
/// <param name="Length">The data's length, as the off-page item records it.</param>
internal readonly record struct BerkeleyDbItem(byte[]? Inline, uint Page, uint Length);
