using System.Runtime.InteropServices;

namespace OsTree.Internal.Interop;

internal static partial class Interop
{
    /// <summary><c>fchown(2)</c> on an open descriptor.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "fchown", SetLastError = true)]
    internal static partial int Fchown(SafeHandle fd, uint owner, uint group);
}
