using System.Runtime.InteropServices;

namespace OsTree.Internal.Interop;

internal static partial class Interop
{
    /// <summary>zlib's <c>deflate</c>.</summary>
    [LibraryImport(ZlibLibrary, EntryPoint = "deflate")]
    internal static unsafe partial int Deflate(ZStream* stream, int flush);
}
