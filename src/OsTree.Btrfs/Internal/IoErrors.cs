using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using OsTree.Btrfs.Internal.Interop;
using static OsTree.Btrfs.Internal.Interop.Interop.Errno;

namespace OsTree.Btrfs.Internal;

/// <summary>Maps errno to the exception a caller can act on (the shape of the runtime's <c>Interop.CheckIo</c>).</summary>
internal static class IoErrors
{
    internal static int LastErrno => Marshal.GetLastPInvokeError();

    [DoesNotReturn]
    internal static void ThrowLast(string operation, string? path) => throw Create(Marshal.GetLastPInvokeError(), operation, path);

    [DoesNotReturn]
    internal static void Throw(int errno, string operation, string? path) => throw Create(errno, operation, path);

    internal static void Check(int result, string operation, string? path)
    {
        if (result < 0)
        {
            ThrowLast(operation, path);
        }
    }

    internal static Exception Create(int errno, string operation, string? path)
    {
        var where = path is null ? string.Empty : $" '{path}'";
        var detail = $"{Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})";
        return errno switch
        {
            ENOTTY or EOPNOTSUPP => new NotSupportedException(
                $"{operation}{where} failed: {DescribeFilesystem(path)}the operation needs btrfs ({detail})."),
            EPERM or EACCES => new UnauthorizedAccessException(
                $"{operation}{where} failed: {detail}. Btrfs subvolume, tree-search and quota operations need root (CAP_SYS_ADMIN)."),
            ENOENT when path is not null => new FileNotFoundException($"{operation}{where} failed: {detail}.", path),
            _ => new IOException($"{operation}{where} failed: {detail}.", errno),
        };
    }

    /// <summary>"'/x' is on ext4, not btrfs; " when the path is readable and not on btrfs, else empty.</summary>
    internal static string DescribeFilesystem(string? path)
    {
        if (path is null || Interop.Interop.Statfs(path, out var buffer) != 0 || buffer.Type == Interop.Interop.BtrfsSuperMagic)
        {
            return string.Empty;
        }

        return $"'{path}' is on {FilesystemNames.Describe(buffer.Type)}, not btrfs; ";
    }
}
