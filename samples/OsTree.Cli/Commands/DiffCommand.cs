using System.CommandLine;
using OsTree.Repositories;

namespace OsTree.Cli.Commands;

/// <summary>
/// <c>otree diff REV1 REV2 [--json]</c>: the paths that differ between two commits, in <c>ostree diff</c>'s format
/// (<c>M</c>, then <c>D</c>, then <c>A</c> lines, each followed by four spaces and the path).
/// </summary>
internal static class DiffCommand
{
    /// <summary>The verb.</summary>
    public const string Name = "diff";

    /// <summary>What <c>otree --help</c> says of the verb.</summary>
    public const string Description = "Compare the trees of two commits";

    public static Command Create()
    {
        var json = GlobalOptions.Json();
        var from = new Argument<string>("REV1") { Description = "The old commit" };
        var to = new Argument<string>("REV2") { Description = "The new commit" };
        var command = new Command(Name, Description) { json, from, to };
        command.SetAction(parse =>
        {
            var repo = Repository.Open(GlobalOptions.RepoPath(parse));
            var diff = repo.Diff(repo.ResolveRev(parse.GetValue(from)!), repo.ResolveRev(parse.GetValue(to)!));
            if (parse.GetValue(json))
            {
                JsonOutput.Write(w =>
                {
                    w.WriteStartObject();
                    foreach (var (name, paths) in new[] { ("modified", diff.Modified), ("removed", diff.Removed), ("added", diff.Added) })
                    {
                        w.WriteStartArray(name);
                        foreach (var p in paths)
                        {
                            w.WriteStringValue(p);
                        }

                        w.WriteEndArray();
                    }

                    w.WriteEndObject();
                });
                return ExitCodes.Success;
            }

            using var stdout = new StreamWriter(Console.OpenStandardOutput()) { NewLine = "\n" };
            foreach (var p in diff.Modified)
            {
                stdout.WriteLine("M    " + p);
            }

            foreach (var p in diff.Removed)
            {
                stdout.WriteLine("D    " + p);
            }

            foreach (var p in diff.Added)
            {
                stdout.WriteLine("A    " + p);
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
