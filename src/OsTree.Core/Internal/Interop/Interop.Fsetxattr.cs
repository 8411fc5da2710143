using System.Runtime.InteropServices;

namespace OsTree.Internal.Interop;

internal static partial class Interop
{
    /// <summary><c>fsetxattr(2)</c>; <paramref name="name"/> is NUL-terminated.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "fsetxattr", SetLastError = true)]
    internal static unsafe partial int Fsetxattr(SafeHandle fd, byte* name, byte* value, nuint size, int flags);
}
