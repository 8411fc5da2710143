using System.CommandLine;
using OsTree.Repositories;

namespace OsTree.Cli.Commands;

/// <summary><c>otree init --repo=PATH [--mode=bare|bare-user|bare-user-only|archive]</c>.</summary>
internal static class InitCommand
{
    public static Command Create()
    {
        var mode = new Option<string>("--mode") { Description = "bare, bare-user, bare-user-only or archive (archive-z2)", DefaultValueFactory = _ => "bare" };
        var command = new Command("init", "Initialize a new empty repository") { mode };
        command.SetAction(parse =>
        {
            var text = parse.GetValue(mode)!;
            if (!Repository.TryParseMode(text == "archive" ? "archive-z2" : text, out var repositoryMode))
            {
                throw new CliUsageException($"unknown repository mode '{text}' (bare, bare-user, bare-user-only, archive)");
            }

            Repository.Create(GlobalOptions.RepoPath(parse), repositoryMode);
            return ExitCodes.Success;
        });
        return command;
    }
}
