using System.CommandLine;
using OsTree.Repositories;

namespace OsTree.Cli.Commands;

/// <summary><c>otree show [--json] REV</c>: one commit, as <c>ostree show</c> prints it.</summary>
internal static class ShowCommand
{
    /// <summary>The verb.</summary>
    public const string Name = "show";

    /// <summary>What <c>otree --help</c> says of the verb.</summary>
    public const string Description = "Show a commit";

    public static Command Create()
    {
        var json = GlobalOptions.Json();
        var rev = new Argument<string>("REV");
        var command = new Command(Name, Description) { json, rev };
        command.SetAction(parse =>
        {
            var repo = Repository.Open(GlobalOptions.RepoPath(parse));
            var checksum = repo.ResolveRev(parse.GetValue(rev)!);
            var commit = repo.ReadCommit(checksum);
            if (parse.GetValue(json))
            {
                JsonOutput.Write(w => CommitPrinter.WriteJson(w, checksum, commit));
            }
            else
            {
                CommitPrinter.WriteText(Console.Out, checksum, commit);
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
