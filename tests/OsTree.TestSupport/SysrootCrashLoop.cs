using OsTree.Deployments;

namespace OsTree.TestSupport;

/// <summary>
/// The body of the deployment crash harnesses' worker process: deploys (on ref <c>testos/stable</c>, sometimes with
/// extra kernel arguments, retaining up to three deployments), undeploys the last one and cleans up, at random, in a
/// loop until the parent kills it. Each test assembly calls <see cref="RunIfRequested"/> from a module initializer with
/// its own variable names and sysroot options (hard links, or the BTRFS backend).
/// </summary>
public static class SysrootCrashLoop
{
    /// <summary>
    /// When <paramref name="sysrootVariable"/> names a sysroot, runs the loop over the commits listed (comma-separated)
    /// in <paramref name="commitsVariable"/> and exits the process (3 on an unexpected error); otherwise returns.
    /// </summary>
    public static void RunIfRequested(string sysrootVariable, string commitsVariable, Func<SysrootOptions>? options = null)
    {
        var path = Environment.GetEnvironmentVariable(sysrootVariable);
        if (string.IsNullOrEmpty(path))
        {
            return;
        }

        try
        {
            var commits = (Environment.GetEnvironmentVariable(commitsVariable) ?? string.Empty).Split(',');
            Loop(Sysroot.Open(path, options?.Invoke()), commits);
            Environment.Exit(0);
        }
        catch (Exception e)
        {
            Console.Error.WriteLine(e);
            Environment.Exit(3);
        }
    }

    private static void Loop(Sysroot sysroot, string[] commits)
    {
        var random = new Random(Environment.ProcessId);
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
                        Refspec = "testos/stable",
                        Retain = sysroot.Deployments.Count < 3,
                        AppendKernelArguments = random.Next(2) == 0 ? [$"crash={i}"] : [],
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
