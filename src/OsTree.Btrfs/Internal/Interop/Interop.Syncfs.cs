using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace OsTree.Btrfs.Internal.Interop;

internal static partial class Interop
{
    /// <summary><c>syncfs(2)</c>: writes back the whole filesystem the descriptor lives on.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "syncfs", SetLastError = true)]
    internal static partial int Syncfs(SafeFileHandle fd);
}
