using System.CommandLine;
using OsTree.Repositories;
using OsTree.Trees;

namespace OsTree.Cli.Commands;

/// <summary><c>otree cat REV PATH…</c>: the contents of files in a commit, without checking it out.</summary>
internal static class CatCommand
{
    /// <summary>The verb.</summary>
    public const string Name = "cat";

    /// <summary>What <c>otree --help</c> says of the verb.</summary>
    public const string Description = "Concatenate the contents of files in a commit";

    public static Command Create()
    {
        var rev = new Argument<string>("REV");
        var paths = new Argument<string[]>("PATH") { Arity = ArgumentArity.OneOrMore };
        var command = new Command(Name, Description) { rev, paths };
        command.SetAction(parse =>
        {
            var repo = Repository.Open(GlobalOptions.RepoPath(parse));
            var tree = new CommitFileTree(repo, repo.ResolveRev(parse.GetValue(rev)!));
            using var stdout = Console.OpenStandardOutput();
            foreach (var path in parse.GetValue(paths)!)
            {
                if (!tree.TryGetEntry(path, out var entry) || entry.Type != FileTreeEntryType.RegularFile)
                {
                    throw new FileNotFoundException($"no regular file '{path}' in {tree.Description}");
                }

                using var data = tree.OpenRead(path);
                data.CopyTo(stdout);
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
