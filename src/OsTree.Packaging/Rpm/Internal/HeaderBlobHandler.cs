namespace OsTree.Packaging.Rpm.Internal;

/// <summary>
/// Receives one header blob, <c>buffer[0..length]</c>, from a database backend. The buffer is the reader's and is
/// reused for the next blob: whatever outlives the call must be copied out of it.
/// </summary>
/// <param name="key">The header instance number (sqlite <c>hnum</c>, Berkeley DB key).</param>
/// <param name="buffer">The reader's buffer holding the blob, without magic.</param>
/// <param name="length">The blob's length.</param>
internal delegate void HeaderBlobHandler(long key, byte[] buffer, int length);
