using System.CommandLine;
using OsTree.Objects;
using OsTree.Repositories;

namespace OsTree.Cli.Commands;

/// <summary><c>otree log [--json] REV</c>: the commit and its ancestors, as <c>ostree log</c> prints them.</summary>
internal static class LogCommand
{
    /// <summary>The verb.</summary>
    public const string Name = "log";

    /// <summary>What <c>otree --help</c> says of the verb.</summary>
    public const string Description = "Show the history of a commit";

    public static Command Create()
    {
        var json = GlobalOptions.Json();
        var rev = new Argument<string>("REV");
        var command = new Command(Name, Description) { json, rev };
        command.SetAction(parse =>
        {
            var repo = Repository.Open(GlobalOptions.RepoPath(parse));
            var history = new List<(Checksum Checksum, Commit Commit)>();
            var seen = new HashSet<Checksum>();
            Checksum? next = repo.ResolveRev(parse.GetValue(rev)!);
            var truncated = false;
            while (next is { } current && seen.Add(current))
            {
                if (!repo.TryReadCommit(current, out var commit))
                {
                    truncated = history.Count > 0;
                    if (!truncated)
                    {
                        throw new OsTreeException($"commit {current} is not in the repository");
                    }

                    break;
                }

                history.Add((current, commit));
                next = commit.Parent;
            }

            if (parse.GetValue(json))
            {
                JsonOutput.Write(w =>
                {
                    w.WriteStartArray();
                    foreach (var (checksum, commit) in history)
                    {
                        CommitPrinter.WriteJson(w, checksum, commit);
                    }

                    w.WriteEndArray();
                });
                return ExitCodes.Success;
            }

            foreach (var (checksum, commit) in history)
            {
                CommitPrinter.WriteText(Console.Out, checksum, commit);
            }

            if (truncated)
            {
                Console.WriteLine("<< History beyond this commit not fetched >>");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
