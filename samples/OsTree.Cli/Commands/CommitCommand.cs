using System.CommandLine;
using System.Globalization;
using OsTree.GVariant;
using OsTree.Packaging;
using OsTree.Repositories;
using OsTree.Trees;

namespace OsTree.Cli.Commands;

/// <summary><c>otree commit -b REF -s SUBJECT [--body] [--timestamp] [--add-metadata-string K=V] [--no-bindings] [--add-package-list] [--tree=dir=PATH | PATH]</c>.</summary>
internal static class CommitCommand
{
    /// <summary>The verb.</summary>
    public const string Name = "commit";

    /// <summary>What <c>otree --help</c> says of the verb.</summary>
    public const string Description = "Commit a directory as a new revision";

    public static Command Create()
    {
        var branch = new Option<string?>("--branch", "-b") { Description = "Branch (ref) to commit to" };
        var subject = new Option<string?>("--subject", "-s") { Description = "One-line subject" };
        var body = new Option<string?>("--body", "-m") { Description = "Full description" };
        var timestamp = new Option<string?>("--timestamp") { Description = "Override the timestamp (@SECONDS or an ISO 8601 date)" };
        var metadata = new Option<string[]>("--add-metadata-string") { Description = "Add KEY=VALUE string metadata" };
        var noBindings = new Option<bool>("--no-bindings") { Description = "Do not add the ostree.ref-binding metadata" };
        var parent = new Option<string?>("--parent") { Description = "Parent commit checksum, or 'none'" };
        var orphan = new Option<bool>("--orphan") { Description = "Commit without updating a ref" };
        var tree = new Option<string[]>("--tree") { Description = "dir=PATH: the directory to commit" };
        var noXattrs = new Option<bool>("--no-xattrs") { Description = "Do not import extended attributes" };
        var ownerUid = new Option<uint?>("--owner-uid") { Description = "Set the owner of every file to UID" };
        var ownerGid = new Option<uint?>("--owner-gid") { Description = "Set the group of every file to GID" };
        var addPackageList = new Option<bool>("--add-package-list")
        {
            Description = "Store the tree's rpm or dpkg package list in the commit metadata (rpmostree.rpmdb.pkglist or ostree.net.dpkg.pkglist)",
        };
        var path = new Argument<string?>("PATH") { Arity = ArgumentArity.ZeroOrOne, Description = "The directory to commit" };
        var command = new Command(Name, Description)
        {
            branch, subject, body, timestamp, metadata, noBindings, parent, orphan, tree, noXattrs, ownerUid, ownerGid, addPackageList, path,
        };
        command.SetAction(parse =>
        {
            var directory = parse.GetValue(path);
            foreach (var spec in parse.GetValue(tree) ?? [])
            {
                directory = spec.StartsWith("dir=", StringComparison.Ordinal)
                    ? spec[4..]
                    : throw new CliUsageException($"--tree={spec}: only dir=PATH is supported");
            }

            if (directory is null)
            {
                throw new CliUsageException("commit needs a directory (PATH or --tree=dir=PATH)");
            }

            var refName = parse.GetValue(branch);
            if (refName is null && !parse.GetValue(orphan))
            {
                throw new CliUsageException("a branch is required (-b REF), or --orphan");
            }

            var dict = GVariantDictionary.Empty;
            foreach (var pair in parse.GetValue(metadata) ?? [])
            {
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0)
                {
                    throw new CliUsageException($"--add-metadata-string={pair}: expected KEY=VALUE");
                }

                dict = dict.With(pair[..eq], GVariantValue.FromString(pair[(eq + 1)..]));
            }

            if (parse.GetValue(addPackageList))
            {
                // Read from the directory being committed, so the list describes exactly the committed tree.
                var packages = PackageDatabase.Open(new DirectoryFileTree(directory)).ReadPackages();
                dict = PackageList.AddToMetadata(dict, packages);
            }

            var repo = Repository.Open(GlobalOptions.RepoPath(parse));
            var options = new CommitOptions
            {
                Branch = refName,
                Subject = parse.GetValue(subject) ?? string.Empty,
                Body = parse.GetValue(body) ?? string.Empty,
                Timestamp = ParseTimestamp(parse.GetValue(timestamp)),
                Metadata = dict,
                NoBindings = parse.GetValue(noBindings),
                Orphan = parse.GetValue(orphan) || parse.GetValue(parent) == "none",
                Parent = parse.GetValue(parent) is { } p && p != "none" ? repo.ResolveRev(p) : null,
                NoXattrs = parse.GetValue(noXattrs),
                OwnerUid = parse.GetValue(ownerUid),
                OwnerGid = parse.GetValue(ownerGid),
            };
            Console.WriteLine(repo.CommitDirectory(directory, options));
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Accepts what scripts pass to <c>ostree commit --timestamp</c>: <c>@SECONDS</c> or a date.</summary>
    internal static DateTimeOffset? ParseTimestamp(string? text)
    {
        if (text is null)
        {
            return null;
        }

        if (text.StartsWith('@') && long.TryParse(text.AsSpan(1), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds))
        {
            return DateTimeOffset.FromUnixTimeSeconds(seconds);
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
        {
            return date;
        }

        throw new CliUsageException($"--timestamp={text}: expected @SECONDS or a date such as 2020-01-01T00:00:00Z");
    }
}
