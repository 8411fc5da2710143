using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace OsTree.Internal.Interop;

internal static partial class Interop
{
    /// <summary>The Linux <c>errno</c> values this library acts on (<c>asm-generic/errno-base.h</c>, <c>errno.h</c>).</summary>
    internal enum Error
    {
        EPERM = 1,
        ENOENT = 2,
        EINTR = 4,
        EIO = 5,
        EBADF = 9,
        EAGAIN = 11,
        ENOMEM = 12,
        EACCES = 13,
        EBUSY = 16,
        EEXIST = 17,
        EXDEV = 18,
        ENOTDIR = 20,
        EISDIR = 21,
        EINVAL = 22,
        EMFILE = 24,
        ETXTBSY = 26,
        EFBIG = 27,
        ENOSPC = 28,
        EROFS = 30,
        EMLINK = 31,
        ERANGE = 34,
        ENAMETOOLONG = 36,
        ENOSYS = 38,
        ENOTEMPTY = 39,
        ELOOP = 40,
        ENODATA = 61,
        EOPNOTSUPP = 95,
        EDQUOT = 122,
    }

    /// <summary>The <c>errno</c> of the last P/Invoke declared with <c>SetLastError = true</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Error LastError() => (Error)Marshal.GetLastPInvokeError();

    /// <summary>Throws for a negative syscall result, naming the operation and the path.</summary>
    /// <param name="result">The syscall's return value.</param>
    /// <param name="operation">The syscall, e.g. <c>linkat</c>.</param>
    /// <param name="path">The path the call acted on, for the message.</param>
    /// <returns><paramref name="result"/>, when it is not negative.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int CheckIo(int result, string operation, string? path)
    {
        if (result < 0)
        {
            ThrowForLastError(operation, path);
        }

        return result;
    }

    /// <summary>Throws for a negative syscall result, naming the operation and the path.</summary>
    /// <param name="result">The syscall's return value.</param>
    /// <param name="operation">The syscall, e.g. <c>copy_file_range</c>.</param>
    /// <param name="path">The path the call acted on, for the message.</param>
    /// <returns><paramref name="result"/>, when it is not negative.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static long CheckIo(long result, string operation, string? path)
    {
        if (result < 0)
        {
            ThrowForLastError(operation, path);
        }

        return result;
    }

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static void ThrowForLastError(string operation, string? path)
        => throw GetExceptionForError(LastError(), operation, path);

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static void ThrowForError(Error error, string operation, string? path)
        => throw GetExceptionForError(error, operation, path);

    /// <summary>
    /// Maps an <c>errno</c> to the exception .NET code expects, as the runtime's <c>Interop.CheckIo</c> does:
    /// a missing path is <see cref="FileNotFoundException"/>, a refusal is <see cref="UnauthorizedAccessException"/>,
    /// an unsupported operation is <see cref="NotSupportedException"/>, everything else an <see cref="IOException"/>
    /// whose <see cref="Exception.HResult"/> is the raw <c>errno</c> (so <c>EXDEV</c>, <c>EMLINK</c> and <c>EEXIST</c>
    /// stay distinguishable, see <see cref="IsError"/>).
    /// </summary>
    /// <param name="error">The <c>errno</c>.</param>
    /// <param name="operation">The syscall.</param>
    /// <param name="path">The path, for the message.</param>
    /// <returns>The exception to throw.</returns>
    internal static Exception GetExceptionForError(Error error, string operation, string? path)
    {
        var what = Marshal.GetPInvokeErrorMessage((int)error);
        var message = path is null
            ? $"{operation}: {what} ({error})."
            : $"{operation} '{path}': {what} ({error}).";
        return error switch
        {
            Error.ENOENT => new FileNotFoundException(message, path) { HResult = (int)error },
            Error.EACCES or Error.EPERM or Error.EROFS => new UnauthorizedAccessException(message) { HResult = (int)error },
            Error.ENAMETOOLONG => new PathTooLongException(message) { HResult = (int)error },
            Error.EOPNOTSUPP or Error.ENOSYS => new NotSupportedException(message) { HResult = (int)error },
            _ => new IOException(message, (int)error),
        };
    }

    /// <summary>Whether <paramref name="exception"/> was raised for the given <c>errno</c> by <see cref="GetExceptionForError"/>.</summary>
    /// <param name="exception">The exception.</param>
    /// <param name="error">The <c>errno</c> to test for.</param>
    /// <returns><see langword="true"/> if it carries that <c>errno</c>.</returns>
    internal static bool IsError(Exception exception, Error error) => exception.HResult == (int)error;
}
