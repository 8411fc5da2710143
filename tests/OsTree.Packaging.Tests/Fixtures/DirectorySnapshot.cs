using System.Security.Cryptography;
using OsTree.TestSupport;

namespace OsTree.Packaging.Tests.Fixtures;

/// <summary>Every file of a directory with its bytes' SHA-256, size, mode and all three timestamps, for before/after comparisons.</summary>
public static class DirectorySnapshot
{
    public static string Take(string directory)
    {
        // Modification and change times to the nanosecond, type, size and mode of every entry, then every file's
        // bytes. Access times are left out: hashing the files here reads them too.
        var stats = Tool.Check("bash", "-c", $"cd '{directory}' && find . -printf '%p %y %s %m %T@ %C@\\n' | sort");
        var hashes = string.Join('\n', Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(f => $"{Path.GetRelativePath(directory, f)} {Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f)))}"));
        return stats + "\n" + hashes;
    }
}
