using System.Globalization;
using System.Text.Json;
using OsTree.TestSupport;

namespace OsTree.Btrfs.Tests;

/// <summary>
/// A fresh btrfs on a loop device, one per test class: truncate, mkfs.btrfs, losetup, mount. Every piece of state is
/// recorded as soon as it exists and torn down in reverse, always (umount with retries, then lazy; losetup -d; rm).
/// Leftovers of crashed runs (same prefix, owner process gone) are swept first.
/// </summary>
public sealed class BtrfsLoopFixture : IDisposable
{
    internal const string Prefix = "ostree-net-btrfs";
    private static readonly Lazy<bool> Swept = new(SweepLeftovers);
    private readonly List<string> _extraMounts = [];

    public BtrfsLoopFixture()
    {
        SkipReason = BtrfsPrerequisites.SkipReason;
        if (SkipReason is not null)
        {
            return;
        }

        _ = Swept.Value;
        Root = Path.Combine(Path.GetTempPath(), $"{Prefix}-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Root);
        try
        {
            Image = Path.Combine(Root, "fs.img");
            using (var image = new FileStream(Image, FileMode.CreateNew))
            {
                image.SetLength(1L << 30);
            }

            Tool.Check("mkfs.btrfs", "-q", "-f", Image);
            Device = Tool.Check("losetup", "--find", "--show", Image).Trim();
            MountPoint = Path.Combine(Root, "mnt");
            Directory.CreateDirectory(MountPoint);
            Tool.Check("mount", Device, MountPoint);
            Mounted = true;
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Why the tests of this class skip, or null.</summary>
    public string? SkipReason { get; }

    public string Root { get; } = string.Empty;

    public string Image { get; } = string.Empty;

    public string? Device { get; private set; }

    public string MountPoint { get; } = string.Empty;

    private bool Mounted { get; set; }

    /// <summary>Skips the calling test when btrfs on a loop device is not possible here.</summary>
    public void Require()
    {
        if (SkipReason is not null)
        {
            Assert.Skip(SkipReason);
        }
    }

    public string Combine(params string[] parts) => Path.Combine([MountPoint, .. parts]);

    /// <summary>Mounts a subvolume of this filesystem a second time (torn down with the fixture if the test does not).</summary>
    public string MountSubvolume(string subvolumePath)
    {
        var target = Path.Combine(Root, "elsewhere-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(target);
        lock (_extraMounts)
        {
            _extraMounts.Add(target);
        }

        Tool.Check("mount", "-o", "subvol=" + subvolumePath, Device!, target);
        return target;
    }

    public static void Unmount(string mountPoint)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var result = Tool.Run("umount", mountPoint);
            if (result.ExitCode == 0 || result.StandardError.Contains("not mounted", StringComparison.Ordinal))
            {
                return;
            }

            Thread.Sleep(100 * (attempt + 1));
        }

        Tool.Run("umount", "-l", mountPoint);
    }

    /// <summary>Commits and reads "Data ... used=" from <c>btrfs filesystem df -b</c>.</summary>
    public ulong DataUsedBytes()
    {
        Tool.Check("btrfs", "filesystem", "sync", MountPoint);
        var output = Tool.Check("btrfs", "filesystem", "df", "-b", MountPoint);
        var line = output.Split('\n').First(l => l.StartsWith("Data,", StringComparison.Ordinal));
        var used = line[(line.IndexOf("used=", StringComparison.Ordinal) + 5)..].Trim();
        return ulong.Parse(used, CultureInfo.InvariantCulture);
    }

    public void Dispose()
    {
        string[] extra;
        lock (_extraMounts)
        {
            extra = [.. _extraMounts];
        }

        foreach (var mount in extra.Reverse())
        {
            Unmount(mount);
        }

        if (Mounted)
        {
            Unmount(MountPoint);
            Mounted = false;
        }

        if (Device is not null)
        {
            Tool.Run("losetup", "-d", Device);
            Device = null;
        }

        if (Root.Length > 0 && Directory.Exists(Root))
        {
            Tool.Run("rm", "-rf", "--one-file-system", Root);
        }
    }

    /// <summary>Removes mounts, loop devices and directories of earlier runs whose process is gone.</summary>
    private static bool SweepLeftovers()
    {
        var temp = Path.GetTempPath();
        bool IsStale(string path)
        {
            var start = path.IndexOf(Prefix + "-", StringComparison.Ordinal);
            if (start < 0)
            {
                return false;
            }

            var rest = path[(start + Prefix.Length + 1)..];
            var dash = rest.IndexOf('-', StringComparison.Ordinal);
            return dash > 0 && int.TryParse(rest[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && pid != Environment.ProcessId && !Directory.Exists($"/proc/{pid}");
        }

        foreach (var line in File.ReadLines("/proc/self/mountinfo").ToList())
        {
            var mountPoint = line.Split(' ')[4].Replace("\\040", " ", StringComparison.Ordinal);
            if (mountPoint.StartsWith(Path.Combine(temp, Prefix + "-"), StringComparison.Ordinal) && IsStale(mountPoint))
            {
                Unmount(mountPoint);
            }
        }

        var loops = Tool.Run("losetup", "-l", "-J");
        if (loops.ExitCode == 0 && loops.StandardOutput.Trim().Length > 0)
        {
            using var json = JsonDocument.Parse(loops.StandardOutput);
            foreach (var device in json.RootElement.GetProperty("loopdevices").EnumerateArray())
            {
                var backing = device.TryGetProperty("back-file", out var file) ? file.GetString() ?? string.Empty : string.Empty;
                if (backing.Contains("/" + Prefix + "-", StringComparison.Ordinal) && IsStale(backing))
                {
                    Tool.Run("losetup", "-d", device.GetProperty("name").GetString()!);
                }
            }
        }

        foreach (var directory in Directory.EnumerateDirectories(temp, Prefix + "-*"))
        {
            if (IsStale(directory))
            {
                Tool.Run("rm", "-rf", "--one-file-system", directory);
            }
        }

        return true;
    }
}
