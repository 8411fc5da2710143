using System.Runtime.CompilerServices;
using OsTree.Checkout;
using OsTree.Objects;
using OsTree.Repositories;
using OsTree.Transport;
using OsTree.Trees;

namespace OsTree.Core.Tests.Repositories;

/// <summary>
/// The child process of <see cref="RepositoryCrashTests"/>: when the test executable starts with
/// <c>OSTREE_NET_REPO_CRASH_WORKER=SCENE</c> it runs commit, checkout, prune, pull-local and pull over HTTP on the
/// scene's repository in a loop, favouring the operation named by <c>OSTREE_NET_REPO_CRASH_FOCUS</c>, until it is
/// killed. Before each operation it prints <c>op VERB ARGS…</c> and after it <c>done</c>, so that the parent knows
/// which operation it interrupted and can run exactly that one again with <see cref="Run"/>.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal static class RepositoryCrashWorker
{
    internal const string SceneVariable = "OSTREE_NET_REPO_CRASH_WORKER";
    internal const string FocusVariable = "OSTREE_NET_REPO_CRASH_FOCUS";

    internal static readonly string[] Verbs = ["commit", "checkout", "prune", "pull-local", "pull-http"];

#pragma warning disable CA2255 // The test executable doubles as the crash harness's child process; see the class summary.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void RunIfRequested()
    {
        var scene = Environment.GetEnvironmentVariable(SceneVariable);
        if (string.IsNullOrEmpty(scene))
        {
            return;
        }

        try
        {
            Loop(new CrashScene(scene), Environment.GetEnvironmentVariable(FocusVariable) ?? "commit");
            Environment.Exit(0);
        }
        catch (Exception e)
        {
            Console.Error.WriteLine(e);
            Environment.Exit(3);
        }
    }

    /// <summary>Picks the next operation: the focus verb most of the time, any verb otherwise.</summary>
    internal static string[] Choose(CrashScene scene, Repository repository, string focus, Random random)
    {
        var verb = random.Next(10) < 6 ? focus : Verbs[random.Next(Verbs.Length)];
        switch (verb)
        {
            case "commit":
                return ["commit", random.Next(CrashScene.TreeCount).ToString(System.Globalization.CultureInfo.InvariantCulture), "local/" + "ab"[random.Next(2)]];
            case "checkout":
                var refs = repository.ListRefs();
                if (refs.Count == 0)
                {
                    return Choose(scene, repository, "commit", random);
                }

                var commit = refs.Values.ElementAt(random.Next(refs.Count));
                return ["checkout", commit.ToString(), $"co-{commit.ToString()[..12]}-{random.Next():x8}"];
            case "prune":
                var victims = repository.ListRefs().Keys.ToArray();
                var victim = victims.Length > 0 && random.Next(3) > 0 ? victims[random.Next(victims.Length)] : "-";
                return ["prune", victim, random.Next(2) == 0 ? "0" : "-1", random.Next(4) == 0 ? "all-commits" : "refs-only"];
            default:
                // A pull of a ref that is already here only resolves it; half the time drop it first so that the pull
                // has objects to fetch.
                var name = "os/t" + random.Next(CrashScene.TreeCount);
                var local = verb == "pull-local" ? name : "origin:" + name;
                return repository.TryReadRef(local, out _) && random.Next(2) == 0
                    ? ["prune", local, "0", "refs-only"]
                    : [verb, name];
        }
    }

    /// <summary>Runs one operation on the scene's repository.</summary>
    internal static void Run(CrashScene scene, Repository repository, string[] op)
    {
        switch (op[0])
        {
            case "commit":
                repository.CommitDirectory(scene.TreePath(int.Parse(op[1], System.Globalization.CultureInfo.InvariantCulture)), new CommitOptions
                {
                    Branch = op[2],
                    Subject = "crash " + op[2],
                    Timestamp = DateTimeOffset.UtcNow,
                });
                break;
            case "checkout":
                // Atomic: the tree is built under a hidden name and renamed into place, so a visible co-* is complete.
                var destination = Path.Combine(scene.Checkouts, op[2]);
                repository.Checkout(Checksum.Parse(op[1]), destination, new CheckoutOptions { Atomic = true });

                // Moved out of sight before it is deleted, so that a kill during the deletion leaves no partial co-*.
                var trash = Path.Combine(scene.Checkouts, "." + op[2] + ".trash");
                Directory.Move(destination, trash);
                Directory.Delete(trash, recursive: true);
                break;
            case "prune":
                if (op[1] != "-")
                {
                    repository.DeleteRef(op[1]);
                }

                repository.Prune(new PruneOptions { RefsOnly = op[3] == "refs-only", Depth = int.Parse(op[2], System.Globalization.CultureInfo.InvariantCulture) });
                break;
            case "pull-local":
                repository.PullLocalAsync(scene.Source, [op[1]]).GetAwaiter().GetResult();
                break;
            case "pull-http":
                repository.PullAsync("origin", [op[1]]).GetAwaiter().GetResult();
                break;
            default:
                throw new ArgumentException("unknown operation " + op[0], nameof(op));
        }
    }

    private static void Loop(CrashScene scene, string focus)
    {
        var random = new Random(Environment.ProcessId);
        var repository = Repository.Open(scene.Repository);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Console.Out.WriteLine("started");
        Console.Out.Flush();

        // The parent kills this process; the time limit only stops an orphan.
        while (clock.Elapsed < TimeSpan.FromMinutes(2))
        {
            var op = Choose(scene, repository, focus, random);
            Console.Out.WriteLine("op " + string.Join(' ', op));
            Console.Out.Flush();
            Run(scene, repository, op);
            Console.Out.WriteLine("done");
            Console.Out.Flush();
        }
    }
}
