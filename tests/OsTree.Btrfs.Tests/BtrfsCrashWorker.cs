using System.Runtime.CompilerServices;
using OsTree.Deployments;

namespace OsTree.Btrfs.Tests;

/// <summary>
/// The child process of <see cref="BtrfsDeployCrashTests"/>: when the test executable starts with
/// <c>OSTREE_NET_BTRFS_CRASH_WORKER=SYSROOT</c> (and <c>OSTREE_NET_BTRFS_CRASH_COMMITS=C1,C2</c>) it deploys, undeploys
/// and cleans up that sysroot through the BTRFS backend in a loop until it is killed; it never reaches the test runner.
/// </summary>
internal static class BtrfsCrashWorker
{
    internal const string SysrootVariable = "OSTREE_NET_BTRFS_CRASH_WORKER";
    internal const string CommitsVariable = "OSTREE_NET_BTRFS_CRASH_COMMITS";

#pragma warning disable CA2255 // The test executable doubles as the crash harness's child process; see the class summary.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void RunIfRequested()
    {
        var path = Environment.GetEnvironmentVariable(SysrootVariable);
        if (string.IsNullOrEmpty(path))
        {
            return;
        }

        try
        {
            Loop(path);
            Environment.Exit(0);
        }
        catch (Exception e)
        {
            Console.Error.WriteLine(e);
            Environment.Exit(3);
        }
    }

    private static void Loop(string path)
    {
        var commits = (Environment.GetEnvironmentVariable(CommitsVariable) ?? string.Empty).Split(',');
        var random = new Random(Environment.ProcessId);
        var sysroot = Sysroot.Open(path, new SysrootOptions().UseBtrfs());
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Console.Out.WriteLine("started");
        Console.Out.Flush();

        // The parent kills this process; the time limit only stops an orphan.
        for (var i = 0; clock.Elapsed < TimeSpan.FromMinutes(2); i++)
        {
            sysroot.Load();
            switch (random.Next(4))
            {
                case 0:
                case 1:
                    sysroot.Deploy(new DeployOptions
                    {
                        OsName = "testos",
                        Commit = commits[random.Next(commits.Length)],
                        Retain = sysroot.Deployments.Count < 3,
                    });
                    break;
                case 2:
                    if (sysroot.Deployments.Count > 1)
                    {
                        sysroot.Undeploy(sysroot.Deployments.Count - 1);
                    }

                    break;
                default:
                    sysroot.Cleanup();
                    break;
            }
        }
    }
}
