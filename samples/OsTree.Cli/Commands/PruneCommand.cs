using System.CommandLine;
using OsTree.Repositories;

namespace OsTree.Cli.Commands;

/// <summary>
/// <c>otree prune [--refs-only] [--depth=N] [--no-prune] [--json]</c>: deletes unreachable objects and reports how
/// many objects and bytes went (or, with <c>--no-prune</c>, would go), in <c>ostree prune</c>'s words.
/// </summary>
internal static class PruneCommand
{
    /// <summary>The verb.</summary>
    public const string Name = "prune";

    /// <summary>What <c>otree --help</c> says of the verb.</summary>
    public const string Description = "Search for unreachable objects";

    public static Command Create()
    {
        var json = GlobalOptions.Json();
        var refsOnly = new Option<bool>("--refs-only") { Description = "Only compute reachability via refs" };
        var depth = new Option<int>("--depth") { Description = "Only traverse DEPTH parents for each commit (default: -1=infinite)", DefaultValueFactory = _ => -1 };
        var noPrune = new Option<bool>("--no-prune") { Description = "Only display unreachable objects; don't delete" };
        var command = new Command(Name, Description) { json, refsOnly, depth, noPrune };
        command.SetAction(parse =>
        {
            var d = parse.GetValue(depth);
            if (d < -1)
            {
                throw new CliUsageException($"--depth={d}: expected -1 (infinite) or a number of parents");
            }

            var repo = Repository.Open(GlobalOptions.RepoPath(parse));
            var result = repo.Prune(new PruneOptions
            {
                RefsOnly = parse.GetValue(refsOnly),
                Depth = d < 0 ? null : d,
                DryRun = parse.GetValue(noPrune),
            });
            if (parse.GetValue(json))
            {
                JsonOutput.Write(w =>
                {
                    w.WriteStartObject();
                    w.WriteNumber("objects-total", result.ObjectsTotal);
                    w.WriteNumber("objects-pruned", result.ObjectsPruned);
                    w.WriteNumber("bytes-freed", result.BytesFreed);
                    w.WriteBoolean("dry-run", result.DryRun);
                    w.WriteEndObject();
                });
                return ExitCodes.Success;
            }

            Console.WriteLine($"Total objects: {result.ObjectsTotal}");
            if (result.ObjectsPruned == 0)
            {
                Console.WriteLine("No unreachable objects");
            }
            else if (result.DryRun)
            {
                Console.WriteLine($"Would delete: {result.ObjectsPruned} objects, freeing {SizeText.Format(result.BytesFreed)}");
            }
            else
            {
                Console.WriteLine($"Deleted {result.ObjectsPruned} objects, {SizeText.Format(result.BytesFreed)} freed");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
