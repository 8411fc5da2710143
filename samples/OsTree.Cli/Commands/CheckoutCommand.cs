using System.CommandLine;
using OsTree.Checkout;
using OsTree.Repositories;

namespace OsTree.Cli.Commands;

/// <summary>
/// <c>otree checkout [-U] [-H] [-C] [--union | --union-add | --union-identical] [--whiteouts] [--subpath=P]
/// [--require-hardlinks] [--atomic] REV DEST</c>, with ostree checkout's semantics.
/// </summary>
internal static class CheckoutCommand
{
    /// <summary>The verb.</summary>
    public const string Name = "checkout";

    /// <summary>What <c>otree --help</c> says of the verb.</summary>
    public const string Description = "Check out a commit into a directory";

    public static Command Create()
    {
        var user = new Option<bool>("--user-mode", "-U") { Description = "Do not change file ownership or set xattrs; strip setuid/setgid" };
        var requireHardlinks = new Option<bool>("--require-hardlinks", "-H") { Description = "Fail rather than copy when a hard link cannot be made" };
        var forceCopy = new Option<bool>("--force-copy", "-C") { Description = "Copy files instead of hard-linking them" };
        var union = new Option<bool>("--union") { Description = "Keep existing directories, overwrite existing files" };
        var unionAdd = new Option<bool>("--union-add") { Description = "Keep existing directories and files, only add new ones" };
        var unionIdentical = new Option<bool>("--union-identical") { Description = "Keep existing directories; accept existing files only when identical" };
        var whiteouts = new Option<bool>("--whiteouts") { Description = "Process .wh.NAME files: remove NAME instead of checking them out" };
        var subpath = new Option<string?>("--subpath") { Description = "Check out only this subdirectory" };
        var atomic = new Option<bool>("--atomic") { Description = "Build under a temporary name beside DEST and rename it into place" };
        var fsync = new Option<bool>("--fsync") { Description = "Sync the checkout to disk before returning" };
        var json = GlobalOptions.Json();
        var rev = new Argument<string>("REV");
        var dest = new Argument<string>("DEST");
        var command = new Command(Name, Description)
        {
            user, requireHardlinks, forceCopy, union, unionAdd, unionIdentical, whiteouts, subpath, atomic, fsync, json, rev, dest,
        };
        command.SetAction(parse =>
        {
            var modes = new[] { parse.GetValue(union), parse.GetValue(unionAdd), parse.GetValue(unionIdentical) }.Count(b => b);
            if (modes > 1)
            {
                throw new CliUsageException("--union, --union-add and --union-identical exclude each other");
            }

            var options = new CheckoutOptions
            {
                UserMode = parse.GetValue(user),
                RequireHardlinks = parse.GetValue(requireHardlinks),
                ForceCopy = parse.GetValue(forceCopy),
                OverwriteMode = parse.GetValue(union) ? CheckoutOverwriteMode.UnionFiles
                    : parse.GetValue(unionAdd) ? CheckoutOverwriteMode.AddFiles
                    : parse.GetValue(unionIdentical) ? CheckoutOverwriteMode.UnionIdentical
                    : CheckoutOverwriteMode.None,
                ProcessWhiteouts = parse.GetValue(whiteouts),
                Subpath = parse.GetValue(subpath),
                Atomic = parse.GetValue(atomic),
                Fsync = parse.GetValue(fsync),
            };
            var repo = Repository.Open(GlobalOptions.RepoPath(parse));
            var result = repo.Checkout(parse.GetValue(rev)!, parse.GetValue(dest)!, options);
            if (parse.GetValue(json))
            {
                JsonOutput.Write(w =>
                {
                    w.WriteStartObject();
                    w.WriteString("destination", result.Destination);
                    w.WriteNumber("directories", result.Directories);
                    w.WriteNumber("hardLinks", result.HardLinks);
                    w.WriteNumber("copies", result.Copies);
                    w.WriteNumber("symbolicLinks", result.SymbolicLinks);
                    w.WriteNumber("kept", result.Kept);
                    w.WriteNumber("whiteoutsApplied", result.WhiteoutsApplied);
                    w.WriteNumber("bytesLinked", result.BytesLinked);
                    w.WriteNumber("bytesCopied", result.BytesCopied);
                    w.WriteNumber("seconds", result.Elapsed.TotalSeconds);
                    w.WriteEndObject();
                });
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
