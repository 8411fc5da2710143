using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace OsTree.Btrfs.Internal.Interop;

internal static partial class Interop
{
    internal const int ORdOnly = 0;
    internal const int ONonBlock = 0x800;
    internal const int OCloexec = 0x80000;
    internal const int OPath = 0x200000;

    // O_DIRECTORY and O_NOFOLLOW differ between x86-64 (asm-generic) and arm64; the layout test checks the running one.
    internal static readonly int ODirectory = RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm ? 0x4000 : 0x10000;
    internal static readonly int ONoFollow = RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm ? 0x8000 : 0x20000;

    /// <summary><c>open(2)</c>; used for directories, which <see cref="File.OpenHandle(string, FileMode, FileAccess, FileShare, FileOptions, long)"/> refuses.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial SafeFileHandle Open(string path, int flags, int mode);
}
