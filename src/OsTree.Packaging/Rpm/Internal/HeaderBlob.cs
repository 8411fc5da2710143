namespace OsTree.Packaging.Rpm.Internal;

/// <summary>One header blob read from an rpm database backend, with its instance number.</summary>
/// <param name="Key">The header instance number (sqlite <c>hnum</c>, Berkeley DB key).</param>
/// <param name="Blob">The blob, without magic.</param>
internal readonly record struct HeaderBlob(long Key, byte[] Blob);
