using System.CommandLine;
using OsTree.Repositories;

namespace OsTree.Cli.Commands;

/// <summary><c>otree rev-parse REV</c>: a ref, <c>REF^</c>, a full checksum or a unique prefix.</summary>
internal static class RevParseCommand
{
    /// <summary>The verb.</summary>
    public const string Name = "rev-parse";

    /// <summary>What <c>otree --help</c> says of the verb.</summary>
    public const string Description = "Output the commit checksum a revision names";

    public static Command Create()
    {
        var rev = new Argument<string>("REV");
        var command = new Command(Name, Description) { rev };
        command.SetAction(parse =>
        {
            var repo = Repository.Open(GlobalOptions.RepoPath(parse));
            Console.WriteLine(repo.ResolveRev(parse.GetValue(rev)!));
            return ExitCodes.Success;
        });
        return command;
    }
}
