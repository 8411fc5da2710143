using System.Runtime.InteropServices;

namespace OsTree.Internal.Interop;

internal static partial class Interop
{
    /// <summary><c>link(2)</c>: a new hard link; does not follow a symbolic link at <paramref name="oldPath"/>.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Link(string oldPath, string newPath);
}
