namespace OsTree.Packaging.Internal;

/// <summary>
/// Builds the <see cref="InvalidDataException"/> raised for malformed database bytes. The message starts with the
/// file (and package, where known); <see cref="Exception.Data"/> carries them as <c>FilePath</c> and <c>PackageName</c>.
/// </summary>
internal static class PackageDataError
{
    public static InvalidDataException Create(string filePath, string? packageName, string detail, Exception? innerException = null)
    {
        var message = packageName is null ? $"{filePath}: {detail}" : $"{filePath}: package '{packageName}': {detail}";
        var exception = new InvalidDataException(message, innerException);
        exception.Data["FilePath"] = filePath;
        if (packageName is not null)
        {
            exception.Data["PackageName"] = packageName;
        }

        return exception;
    }
}
