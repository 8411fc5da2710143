using System.Runtime.CompilerServices;
using OsTree.Deployments;
using OsTree.TestSupport;

namespace OsTree.Btrfs.Tests;

/// <summary>
/// The child process of <see cref="BtrfsDeployCrashTests"/>: when the test executable starts with
/// <c>OSTREE_NET_BTRFS_CRASH_WORKER=SYSROOT</c> (and <c>OSTREE_NET_BTRFS_CRASH_COMMITS=C1,C2</c>) it runs
/// <see cref="SysrootCrashLoop"/> on that sysroot through the BTRFS backend until it is killed; it never reaches the
/// test runner.
/// </summary>
internal static class BtrfsCrashWorker
{
    internal const string SysrootVariable = "OSTREE_NET_BTRFS_CRASH_WORKER";
    internal const string CommitsVariable = "OSTREE_NET_BTRFS_CRASH_COMMITS";

#pragma warning disable CA2255 // The test executable doubles as the crash harness's child process; see the class summary.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void RunIfRequested()
        => SysrootCrashLoop.RunIfRequested(SysrootVariable, CommitsVariable, () => new SysrootOptions().UseBtrfs());
}
