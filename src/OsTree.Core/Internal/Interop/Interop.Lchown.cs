using System.Runtime.InteropServices;

namespace OsTree.Internal.Interop;

internal static partial class Interop
{
    /// <summary><c>lchown(2)</c>: changes the owner without following a symbolic link.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "lchown", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Lchown(string path, uint uid, uint gid);
}
