using Microsoft.Win32.SafeHandles;
using static OsTree.Btrfs.Internal.Interop.Interop;

namespace OsTree.Btrfs.Internal;

/// <summary>Opening and inspecting files through descriptors (directories included, which the BCL will not open).</summary>
internal static class NativeFiles
{
    internal static SafeFileHandle OpenDirectory(string path)
        => Open(path, ORdOnly | ODirectory | OCloexec, "Opening the directory");

    /// <summary>Opens a file or directory for reading without following a final symbolic link.</summary>
    internal static SafeFileHandle OpenNoFollow(string path)
        => Open(path, ORdOnly | ONoFollow | OCloexec, "Opening");

    internal static SafeFileHandle Open(string path, int flags, string operation)
    {
        var handle = Interop.Interop.Open(path, flags, 0);
        if (handle.IsInvalid)
        {
            var errno = IoErrors.LastErrno;
            handle.Dispose();
            IoErrors.Throw(errno, operation, path);
        }

        return handle;
    }

    /// <summary>Opens <paramref name="name"/> under an open directory; null (and the errno) when it fails.</summary>
    internal static SafeFileHandle? TryOpenAt(SafeFileHandle directory, string name, int flags, out int errno)
    {
        var handle = OpenAt(directory, name, flags | OCloexec, 0);
        if (handle.IsInvalid)
        {
            errno = IoErrors.LastErrno;
            handle.Dispose();
            return null;
        }

        errno = 0;
        return handle;
    }

    internal static StatxBuffer Stat(SafeFileHandle handle, string path)
    {
        IoErrors.Check(Statx(handle, string.Empty, AtEmptyPath, StatxType | StatxMode | StatxNlink | StatxIno, out var buffer), "Reading the attributes of", path);
        return buffer;
    }

    internal static long FilesystemMagic(SafeFileHandle handle, string path)
    {
        IoErrors.Check(Fstatfs(handle, out var buffer), "Reading the filesystem of", path);
        return buffer.Type;
    }

    /// <summary>Throws <see cref="NotSupportedException"/> unless the descriptor lives on btrfs.</summary>
    internal static void EnsureBtrfs(SafeFileHandle handle, string path)
    {
        var magic = FilesystemMagic(handle, path);
        if (magic != BtrfsSuperMagic)
        {
            throw new NotSupportedException($"'{path}' is on {FilesystemNames.Describe(magic)}, not btrfs.");
        }
    }

    /// <summary>Splits a path into its parent directory and last component, refusing names the kernel would misread.</summary>
    internal static (string Parent, string Name) SplitLeaf(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ValidateName(Path.GetFileName(path.TrimEnd('/')), path);
        var full = Path.GetFullPath(path).TrimEnd('/');
        var name = Path.GetFileName(full);
        var parent = Path.GetDirectoryName(full);
        return (string.IsNullOrEmpty(parent) ? "/" : parent, name);
    }

    internal static void ValidateName(string name, string path)
    {
        if (name.Length == 0 || name is "." or ".." || name.Contains('/', StringComparison.Ordinal) || name.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{path}' does not end in a usable subvolume name.", nameof(path));
        }
    }
}
