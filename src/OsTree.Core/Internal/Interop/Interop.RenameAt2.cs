using System.Runtime.InteropServices;

namespace OsTree.Internal.Interop;

internal static partial class Interop
{
    internal const uint RenameNoReplace = 1;
    internal const uint RenameExchange = 2;

    /// <summary><c>renameat2(2)</c> (glibc 2.28+); both paths are NUL-terminated UTF-8 strings.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "renameat2", SetLastError = true)]
    internal static unsafe partial int RenameAt2(SafeHandle olddirfd, byte* oldpath, SafeHandle newdirfd, byte* newpath, uint flags);
}
