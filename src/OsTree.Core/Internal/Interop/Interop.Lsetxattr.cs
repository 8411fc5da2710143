using System.Runtime.InteropServices;

namespace OsTree.Internal.Interop;

internal static partial class Interop
{
    /// <summary>
    /// <c>lsetxattr(2)</c>: sets an xattr on the last component without following it. Used for symbolic links, which
    /// cannot be opened, through <c>/proc/self/fd/DIRFD/NAME</c> so that only the last component is a name.
    /// </summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "lsetxattr", SetLastError = true)]
    internal static unsafe partial int Lsetxattr(byte* path, byte* name, byte* value, nuint size, int flags);
}
