using System.CommandLine;
using OsTree.Repositories;

namespace OsTree.Cli.Commands;

/// <summary><c>otree init --repo=PATH [--mode=bare|bare-user|bare-user-only|archive] [--compression=deflate|lz4]</c>.</summary>
internal static class InitCommand
{
    /// <summary>The verb.</summary>
    public const string Name = "init";

    /// <summary>What <c>otree --help</c> says of the verb.</summary>
    public const string Description = "Initialize a new empty repository";

    public static Command Create()
    {
        var mode = new Option<string>("--mode") { Description = "bare, bare-user, bare-user-only or archive (archive-z2)", DefaultValueFactory = _ => "bare" };
        var compression = new Option<string>("--compression")
        {
            Description = "Archive content compression: deflate (libostree's, default) or lz4 (OsTree.NET only; libostree refuses such a repository)",
            DefaultValueFactory = _ => "deflate",
        };
        var command = new Command(Name, Description) { mode, compression };
        command.SetAction(parse =>
        {
            var text = parse.GetValue(mode)!;
            if (!Repository.TryParseMode(text == "archive" ? "archive-z2" : text, out var repositoryMode))
            {
                throw new CliUsageException($"unknown repository mode '{text}' (bare, bare-user, bare-user-only, archive)");
            }

            var archiveCompression = parse.GetValue(compression) switch
            {
                "deflate" => ArchiveCompression.Deflate,
                "lz4" when repositoryMode == RepositoryMode.Archive => ArchiveCompression.Lz4,
                "lz4" => throw new CliUsageException("--compression=lz4 needs --mode=archive"),
                var other => throw new CliUsageException($"--compression={other}: expected deflate or lz4"),
            };
            Repository.Create(GlobalOptions.RepoPath(parse), repositoryMode, archiveCompression);
            return ExitCodes.Success;
        });
        return command;
    }
}
