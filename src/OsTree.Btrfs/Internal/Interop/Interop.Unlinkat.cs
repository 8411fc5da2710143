using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace OsTree.Btrfs.Internal.Interop;

internal static partial class Interop
{
    /// <summary><c>unlinkat(2)</c> without flags: removes a file or symbolic link by name in an open directory; EISDIR for a directory.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "unlinkat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Unlinkat(SafeFileHandle directory, string name, int flags);
}
