using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace OsTree.Btrfs.Internal.Interop;

internal static partial class Interop
{
    [LibraryImport(Libraries.Libc, EntryPoint = "fstatfs", SetLastError = true)]
    internal static partial int Fstatfs(SafeFileHandle fd, out StatfsBuffer buffer);
}
