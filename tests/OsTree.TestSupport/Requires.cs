namespace OsTree.TestSupport;

/// <summary>Skips a test, with the reason, when the machine lacks what it needs. CI runs as root with every tool.</summary>
public static class Requires
{
    public static void Tool(params string[] names)
    {
        foreach (var name in names)
        {
            Xunit.Assert.SkipUnless(OsTree.TestSupport.Tool.Exists(name), $"'{name}' is not installed (./test.sh installs it when run as root)");
        }
    }

    public static bool IsRoot => Environment.IsPrivilegedProcess;

    public static void Root(string why)
        => Xunit.Assert.SkipUnless(IsRoot, $"needs root: {why}");

    /// <summary>Whether the filesystem under <paramref name="directory"/> supports user xattrs.</summary>
    public static void UserXattrs(string directory)
    {
        Tool("setfattr");
        var probe = System.IO.Path.Combine(directory, ".xattr-probe");
        File.WriteAllText(probe, string.Empty);
        var ok = OsTree.TestSupport.Tool.Run("setfattr", "-n", "user.probe", "-v", "1", probe).ExitCode == 0;
        File.Delete(probe);
        Xunit.Assert.SkipUnless(ok, $"the filesystem under {directory} has no user xattrs");
    }
}
