using System.Runtime.CompilerServices;
using OsTree.TestSupport;

namespace OsTree.Core.Tests.Deployments;

/// <summary>
/// The child process of <see cref="SysrootCrashTests"/>: when the test executable starts with
/// <c>OSTREE_NET_CRASH_WORKER=SYSROOT</c> (and <c>OSTREE_NET_CRASH_COMMITS=C1,C2</c>) it runs
/// <see cref="SysrootCrashLoop"/> on that sysroot (hard-link deployments) until it is killed, and never reaches the
/// test runner.
/// </summary>
internal static class CrashWorker
{
    internal const string SysrootVariable = "OSTREE_NET_CRASH_WORKER";
    internal const string CommitsVariable = "OSTREE_NET_CRASH_COMMITS";

#pragma warning disable CA2255 // The test executable doubles as the crash harness's child process; see the class summary.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void RunIfRequested() => SysrootCrashLoop.RunIfRequested(SysrootVariable, CommitsVariable);
}
