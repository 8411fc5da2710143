using System.Runtime.InteropServices;

namespace OsTree.Internal.Interop;

internal static partial class Interop
{
    /// <summary><c>rename(2)</c>: atomically replaces <paramref name="newPath"/>, also when both are symbolic links.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "rename", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Rename(string oldPath, string newPath);
}
