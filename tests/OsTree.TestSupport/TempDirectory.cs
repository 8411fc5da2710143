namespace OsTree.TestSupport;

/// <summary>A fresh directory under the system temp folder, removed (with any immutable bits cleared) on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory(string prefix = "ostree-net-test")
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose()
    {
        if (!Directory.Exists(Path))
        {
            return;
        }

        // Deployments are made immutable (chattr +i) as libostree does; clear that before deleting.
        if (Tool.Exists("chattr"))
        {
            Tool.Run("chattr", "-R", "-i", Path);
        }

        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            Tool.Run("rm", "-rf", Path);
        }
        catch (UnauthorizedAccessException)
        {
            Tool.Run("rm", "-rf", Path);
        }
    }
}
