using System.Runtime.InteropServices;

namespace OsTree.Internal.Interop;

internal static partial class Interop
{
    /// <summary><c>fchmod(2)</c> on an open descriptor; <paramref name="mode"/> keeps setuid, setgid and sticky bits.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "fchmod", SetLastError = true)]
    internal static partial int Fchmod(SafeHandle fd, uint mode);
}
