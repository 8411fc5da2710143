using System.Collections.Concurrent;
using OsTree.Core.Tests.Usage;
using OsTree.TestSupport;

namespace OsTree.Core.Tests.Repositories;

/// <summary>
/// Power cuts, simulated: the repository crash scene lives on ext4 on a loop device while the worker of
/// <see cref="RepositoryCrashTests"/> commits, checks out, prunes and pulls; at random moments the backing image file
/// is copied while still mounted. What the kernel has not written back to the image yet is missing from the copy, as
/// after a power cut (freezing the filesystem would flush it). Each copy is checked with <c>e2fsck</c> (journal
/// replay), mounted, and must pass the crash invariants; the interrupted operation then runs again on it.
/// <c>OSTREE_NET_POWERCUT_POINTS</c> sets the number of copies (6 by default; <c>tools/power-cut.sh</c> runs more).
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class PowerCutTests
{
    [Fact]
    public void Copies_of_the_disk_taken_during_commit_prune_checkout_and_pull_recover_and_pass_fsck()
    {
        Requires.Root("loop devices and mounts");
        Requires.Tool("ostree", "nginx", "mkfs.ext4", "e2fsck");
        var points = int.TryParse(Environment.GetEnvironmentVariable("OSTREE_NET_POWERCUT_POINTS"), out var n) ? n : 6;
        using var disk = new LoopFileSystem(256L << 20);
        using var temp = new TempDirectory("ostree-net-powercut");
        var scene = new CrashScene(Path.Combine(disk.MountPoint, "scene"));
        var (expected, nginx) = RepositoryCrashTests.Prepare(scene);
        using var server = nginx;
        Tool.Check("sync", "-f", disk.MountPoint);

        var random = new Random(777);
        var recovered = 0;
        for (var i = 0; i < points; i++)
        {
            TestContext.Current.CancellationToken.ThrowIfCancellationRequested();
            var copy = temp.Combine("cut.img");
            string[]? op = null;
            using (var child = RepositoryCrashTests.StartWorker(scene.Root, RepositoryCrashWorker.Verbs[i % RepositoryCrashWorker.Verbs.Length]))
            {
                Assert.Equal("started", child.StandardOutput.ReadLine());
                var lines = new ConcurrentQueue<string>();
                var reader = new Thread(() =>
                {
                    while (child.StandardOutput.ReadLine() is { } line)
                    {
                        lines.Enqueue(line);
                    }
                });
                reader.Start();
                Thread.Sleep(random.Next(100, 1500));

                // The operation in flight when the copy starts is the one the "power cut" interrupts.
                foreach (var line in lines)
                {
                    op = line.StartsWith("op ", StringComparison.Ordinal) ? line[3..].Split(' ') : null;
                }

                Tool.Check("cp", "--sparse=always", disk.Image, copy);
                child.Kill();
                child.WaitForExit();
                reader.Join();
                Assert.NotEqual(3, child.ExitCode);
            }

            var check = Tool.Run("e2fsck", "-fy", copy);
            Assert.True(check.ExitCode <= 1, $"cut {i}: e2fsck exited with {check.ExitCode}: {check.StandardOutput}");
            var mount = temp.Combine("cut");
            Directory.CreateDirectory(mount);
            Tool.Check("mount", "-o", "loop", copy, mount);
            try
            {
                RepositoryCrashTests.Verify(new CrashScene(Path.Combine(mount, "scene")), expected, op, i, powerCut: true);
                recovered++;
            }
            finally
            {
                Tool.Check("umount", mount);
                File.Delete(copy);
            }
        }

        if (Environment.GetEnvironmentVariable("OSTREE_NET_CRASH_REPORT") is { Length: > 0 } reportPath)
        {
            File.AppendAllText(reportPath, $"power-cut simulation: {recovered} of {points} disk copies recovered\n");
        }
    }
}
