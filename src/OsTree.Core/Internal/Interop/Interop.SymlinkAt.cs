using System.Runtime.InteropServices;

namespace OsTree.Internal.Interop;

internal static partial class Interop
{
    /// <summary><c>symlinkat(2)</c>; both strings are NUL-terminated UTF-8.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "symlinkat", SetLastError = true)]
    internal static unsafe partial int SymlinkAt(byte* target, SafeHandle newdirfd, byte* linkpath);
}
