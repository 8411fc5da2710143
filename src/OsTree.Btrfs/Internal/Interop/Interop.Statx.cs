using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace OsTree.Btrfs.Internal.Interop;

internal static partial class Interop
{
    /// <summary><c>statx(2)</c> relative to an open directory (or, with <see cref="AtEmptyPath"/> and <c>""</c>, of the descriptor itself).</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Statx(SafeFileHandle directory, string path, int flags, uint mask, out StatxBuffer buffer);
}
