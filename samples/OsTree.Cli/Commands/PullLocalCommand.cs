using System.CommandLine;
using OsTree.Objects;
using OsTree.Repositories;
using OsTree.Transport;

namespace OsTree.Cli.Commands;

/// <summary>
/// <c>otree pull-local [--remote=NAME] [--depth=N] SRC_REPO [REF…]</c>: copies the missing objects of refs from
/// another local repository of any mode, re-verifying each; with <c>--remote</c> the refs are written as
/// <c>NAME:REF</c>, as <c>ostree pull-local --remote</c> does.
/// </summary>
internal static class PullLocalCommand
{
    /// <summary>The verb.</summary>
    public const string Name = "pull-local";

    /// <summary>What <c>otree --help</c> says of the verb.</summary>
    public const string Description = "Copy data from SRC_REPO";

    public static Command Create()
    {
        var remote = new Option<string?>("--remote") { Description = "Add REMOTE to refspec" };
        var depth = new Option<int>("--depth") { Description = "Traverse DEPTH parents (-1=infinite) (default: 0)" };
        var source = new Argument<string>("SRC_REPO") { Description = "The repository to copy from" };
        var refs = new Argument<string[]>("REF") { Arity = ArgumentArity.ZeroOrMore, Description = "Refs or commit ids (default: every ref of the source)" };
        var command = new Command(Name, Description) { remote, depth, source, refs };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var d = parse.GetValue(depth);
            if (d < -1)
            {
                throw new CliUsageException($"--depth={d}: expected -1 (infinite) or a number of parents");
            }

            var repo = Repository.Open(GlobalOptions.RepoPath(parse));
            var sourcePath = parse.GetValue(source)!;
            IReadOnlyList<string> names = parse.GetValue(refs) ?? [];
            var remoteName = parse.GetValue(remote);
            var progress = TerminalPullProgress.ForConsole();
            var options = new PullOptions { Depth = d, Progress = progress };
            PullResult result;
            try
            {
                if (remoteName is null)
                {
                    result = await repo.PullLocalAsync(sourcePath, names, options, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    if (!RefName.IsValidRemoteName(remoteName))
                    {
                        throw new CliUsageException($"--remote={remoteName}: not a valid remote name");
                    }

                    // Pull the commits by id (which writes no ref), then name them under the remote.
                    var src = Repository.Open(sourcePath);
                    var wanted = names.Count > 0 ? names : [.. src.ListRefs().Keys.Order(StringComparer.Ordinal)];
                    var commits = wanted.Select(n => Checksum.TryParse(n, out var id) ? (Ref: null, Commit: id) : (Ref: (string?)n, Commit: src.ResolveRev(n))).ToList();
                    result = await repo.PullLocalAsync(sourcePath, [.. commits.Select(c => c.Commit.ToString())], options, cancellationToken).ConfigureAwait(false);
                    foreach (var (name, commit) in commits)
                    {
                        if (name is not null)
                        {
                            repo.WriteRef($"{remoteName}:{name[(name.IndexOf(':', StringComparison.Ordinal) + 1)..]}", commit);
                        }
                    }
                }
            }
            finally
            {
                progress?.Clear();
            }

            PullCommand.PrintSummary(result.Statistics, "imported");
            return ExitCodes.Success;
        });
        return command;
    }
}
