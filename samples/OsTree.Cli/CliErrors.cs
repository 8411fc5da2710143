using System.Security.Cryptography;

namespace OsTree.Cli;

/// <summary>Which exceptions are the user's to act on (one line, no stack trace) and how to word them.</summary>
internal static class CliErrors
{
    public static bool IsUserFacing(Exception ex) => ex is OsTreeException
        or InvalidDataException
        or IOException
        or UnauthorizedAccessException
        or FormatException
        or ArgumentException
        or NotSupportedException
        or CryptographicException
        or OperationCanceledException
        or CliUsageException;

    public static string Describe(Exception ex)
    {
        var message = ex.Message.ReplaceLineEndings(" ");
        return ex switch
        {
            UnauthorizedAccessException => $"permission denied: {message}",
            _ => message,
        };
    }
}
