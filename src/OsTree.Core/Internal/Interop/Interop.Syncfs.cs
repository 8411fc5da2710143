using System.Runtime.InteropServices;

namespace OsTree.Internal.Interop;

internal static partial class Interop
{
    /// <summary><c>syncfs(2)</c>: writes back the whole filesystem that holds <paramref name="fd"/>.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "syncfs", SetLastError = true)]
    internal static partial int Syncfs(SafeHandle fd);
}
