using System.Runtime.InteropServices;

namespace OsTree.Internal.Interop;

internal static partial class Interop
{
    /// <summary>zlib's <c>deflateEnd</c>.</summary>
    [LibraryImport(ZlibLibrary, EntryPoint = "deflateEnd")]
    internal static unsafe partial int DeflateEnd(ZStream* stream);
}
