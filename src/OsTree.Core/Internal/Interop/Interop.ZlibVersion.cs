using System.Runtime.InteropServices;

namespace OsTree.Internal.Interop;

internal static partial class Interop
{
    /// <summary>zlib's <c>zlibVersion</c>: the library's version string, which <c>deflateInit2_</c> checks.</summary>
    [LibraryImport(ZlibLibrary, EntryPoint = "zlibVersion")]
    internal static partial nint ZlibVersion();
}
