using OsTree.TestSupport;

namespace OsTree.Btrfs.Tests;

/// <summary>Why a loop-mounted btrfs cannot be made here, or null when it can (btrfs.md §5).</summary>
internal static class BtrfsPrerequisites
{
    private static readonly Lazy<string?> Reason = new(Compute);

    internal static string? SkipReason => Reason.Value;

    private static string? Compute()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "btrfs tests need Linux";
        }

        if (!Requires.IsRoot)
        {
            return "not root: loop devices, mount and btrfs tree search need root";
        }

        var capEff = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("CapEff:", StringComparison.Ordinal));
        if (capEff is null || (Convert.ToUInt64(capEff["CapEff:".Length..].Trim(), 16) & (1UL << 21)) == 0)
        {
            return "no CAP_SYS_ADMIN: the container needs --privileged";
        }

        if (!File.ReadLines("/proc/filesystems").Any(l => l.Split('\t').LastOrDefault() == "btrfs") && Tool.Run("modprobe", "btrfs").ExitCode != 0)
        {
            return "the kernel has no btrfs (not in /proc/filesystems)";
        }

        if (!File.Exists("/dev/loop-control"))
        {
            return "no loop devices (/dev/loop-control missing): the container needs --privileged";
        }

        foreach (var tool in new[] { "mkfs.btrfs", "btrfs", "losetup", "mount", "umount" })
        {
            if (!Tool.Exists(tool))
            {
                return $"'{tool}' is not installed (btrfs-progs / util-linux; ./test.sh installs them as root)";
            }
        }

        return null;
    }
}
