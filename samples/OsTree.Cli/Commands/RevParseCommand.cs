using System.CommandLine;
using OsTree.Repositories;

namespace OsTree.Cli.Commands;

/// <summary><c>otree rev-parse REV</c>: a ref, <c>REF^</c>, a full checksum or a unique prefix.</summary>
internal static class RevParseCommand
{
    public static Command Create()
    {
        var rev = new Argument<string>("REV");
        var command = new Command("rev-parse", "Output the commit checksum a revision names") { rev };
        command.SetAction(parse =>
        {
            var repo = Repository.Open(GlobalOptions.RepoPath(parse));
            Console.WriteLine(repo.ResolveRev(parse.GetValue(rev)!));
            return ExitCodes.Success;
        });
        return command;
    }
}
