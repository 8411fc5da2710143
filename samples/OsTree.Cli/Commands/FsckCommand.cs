using System.CommandLine;
using OsTree.Repositories;

namespace OsTree.Cli.Commands;

/// <summary>
/// <c>otree fsck [--json]</c>: re-hashes every object reachable from every commit and lists each bad or missing one
/// with the commits and refs it affects. Any problem makes the exit code non-zero, as with <c>ostree fsck</c>.
/// </summary>
internal static class FsckCommand
{
    /// <summary>The verb.</summary>
    public const string Name = "fsck";

    /// <summary>What <c>otree --help</c> says of the verb.</summary>
    public const string Description = "Check the repository for consistency";

    public static Command Create()
    {
        var json = GlobalOptions.Json();
        var command = new Command(Name, Description) { json };
        command.SetAction(parse =>
        {
            var report = Repository.Open(GlobalOptions.RepoPath(parse)).Fsck();
            if (parse.GetValue(json))
            {
                JsonOutput.Write(w =>
                {
                    w.WriteStartObject();
                    w.WriteBoolean("healthy", report.IsHealthy);
                    w.WriteNumber("commits-checked", report.CommitsChecked);
                    w.WriteNumber("objects-checked", report.ObjectsChecked);
                    w.WriteStartArray("partial-commits");
                    foreach (var c in report.PartialCommits)
                    {
                        w.WriteStringValue(c.ToString());
                    }

                    w.WriteEndArray();
                    w.WriteStartArray("problems");
                    foreach (var p in report.Problems)
                    {
                        w.WriteStartObject();
                        w.WriteString("object", p.Object.ToString());
                        w.WriteString("kind", p.Kind.ToString().ToLowerInvariant());
                        w.WriteString("message", p.Message);
                        w.WriteStartArray("commits");
                        foreach (var c in p.Commits)
                        {
                            w.WriteStringValue(c.ToString());
                        }

                        w.WriteEndArray();
                        w.WriteStartArray("refs");
                        foreach (var r in p.Refs)
                        {
                            w.WriteStringValue(r);
                        }

                        w.WriteEndArray();
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                    w.WriteEndObject();
                });
            }
            else
            {
                foreach (var p in report.Problems)
                {
                    Console.WriteLine($"error: {p.Message}");
                    Console.WriteLine($"  commits: {(p.Commits.Count == 0 ? "(none)" : string.Join(", ", p.Commits))}");
                    Console.WriteLine($"  refs: {(p.Refs.Count == 0 ? "(none)" : string.Join(", ", p.Refs))}");
                }

                foreach (var c in report.PartialCommits)
                {
                    Console.WriteLine($"Commit {c} is partial; its tree was not checked");
                }

                if (report.IsHealthy)
                {
                    // ostree fsck's closing line, so that scripts grepping for it keep working.
                    Console.WriteLine($"object fsck of {report.CommitsChecked} commits completed successfully - no errors found.");
                }
            }

            if (!report.IsHealthy)
            {
                Console.Error.WriteLine($"otree: error: fsck found {report.Problems.Count} bad or missing objects");
                return ExitCodes.Failure;
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
