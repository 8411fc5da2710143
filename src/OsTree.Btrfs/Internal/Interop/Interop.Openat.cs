using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace OsTree.Btrfs.Internal.Interop;

internal static partial class Interop
{
    /// <summary><c>openat(2)</c>: walks trees relative to an open directory, so a rename higher up cannot redirect the walk.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "openat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial SafeFileHandle OpenAt(SafeFileHandle directory, string path, int flags, int mode);
}
