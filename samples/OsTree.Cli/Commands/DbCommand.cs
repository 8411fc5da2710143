using System.CommandLine;
using OsTree.Objects;
using OsTree.Packaging;
using OsTree.Repositories;
using OsTree.Trees;

namespace OsTree.Cli.Commands;

/// <summary>
/// <c>otree db list REV|--tree PATH</c> and <c>otree db diff FROM TO [--format block|diff|json]</c>: the rpm or dpkg
/// database inside a commit (read without checkout) or a directory, and the package changes between two of them.
/// </summary>
internal static class DbCommand
{
    /// <summary>The verb.</summary>
    public const string Name = "db";

    /// <summary>What <c>otree --help</c> says of the verb.</summary>
    public const string Description = "Inspect the rpm or dpkg database of OS images";

    public static Command Create()
    {
        var db = new Command(Name, Description);
        db.Add(CreateList());
        db.Add(CreateDiff());
        return db;
    }

    private static Command CreateList()
    {
        var tree = new Option<string?>("--tree") { Description = "A directory holding an OS tree" };
        var json = GlobalOptions.Json();
        var rev = new Argument<string?>("REV") { Arity = ArgumentArity.ZeroOrOne, Description = "A commit (or a directory)" };
        var command = new Command("list", "List the packages installed in an OS image") { tree, json, rev };
        command.SetAction(parse =>
        {
            var target = parse.GetValue(tree) ?? parse.GetValue(rev) ?? throw new CliUsageException("db list needs REV or --tree PATH");
            var fileTree = parse.GetValue(tree) is { } dir ? new DirectoryFileTree(dir) : TreeArgument.Open(target, () => Repository.Open(GlobalOptions.RepoPath(parse)), out _);
            var database = PackageDatabase.Open(fileTree);
            // Sorted by name, then architecture: IPackageDatabase.ReadPackages promises it.
            var packages = database.ReadPackages();

            if (parse.GetValue(json))
            {
                JsonOutput.Write(w =>
                {
                    w.WriteStartObject();
                    w.WriteString("tree", fileTree.Description);
                    w.WriteString("database", database.Location.Description);
                    w.WriteString("format", database.Format.ToString().ToLowerInvariant());
                    w.WriteStartArray("packages");
                    foreach (var p in packages)
                    {
                        w.WriteStartObject();
                        w.WriteString("name", p.Name);
                        w.WriteNumber("epoch", p.Epoch);
                        w.WriteString("version", p.Version);
                        w.WriteString("release", p.Release);
                        w.WriteString("arch", p.Architecture);
                        w.WriteString("evr", p.Evr);
                        w.WriteString("nevra", p.Nevra);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                    w.WriteEndObject();
                });
            }
            else
            {
                using var stdout = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = false };
                var line = new char[512];
                foreach (var p in packages)
                {
                    if (p.TryFormat(line, out var length, default, null))
                    {
                        stdout.Write(line, 0, length);
                        stdout.WriteLine();
                    }
                    else
                    {
                        stdout.WriteLine(p.Nevra);
                    }
                }
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateDiff()
    {
        var format = new Option<string>("--format", "-F") { Description = "block (default), diff or json (rpm-ostree's formats)", DefaultValueFactory = _ => "block" };
        var json = new Option<bool>("--json") { Description = "Print OsTree.NET's own JSON schema (schemaVersion 1)" };
        var from = new Argument<string>("FROM") { Description = "A commit or a directory" };
        var to = new Argument<string>("TO") { Description = "A commit or a directory" };
        var command = new Command("diff", "Show the package changes between two OS images") { format, json, from, to };
        command.SetAction(parse =>
        {
            Repository? repo = null;
            Repository OpenRepo() => repo ??= Repository.Open(GlobalOptions.RepoPath(parse));
            var fromText = parse.GetValue(from)!;
            var toText = parse.GetValue(to)!;
            var fromTree = TreeArgument.Open(fromText, OpenRepo, out var fromCommit);
            var toTree = TreeArgument.Open(toText, OpenRepo, out var toCommit);
            // Commits that carry their package list (otree commit --add-package-list, rpm-ostree) are compared
            // from their metadata alone, without reading the databases inside the trees.
            var diff = fromCommit is not null && toCommit is not null
                && PackageList.TryReadFromMetadata(OpenRepo().ReadCommit(Checksum.Parse(fromCommit)).Metadata, out var fromList)
                && PackageList.TryReadFromMetadata(OpenRepo().ReadCommit(Checksum.Parse(toCommit)).Metadata, out var toList)
                    ? PackageDiff.Compute(fromList, toList)
                    : PackageDiff.Compute(fromTree, toTree);
            var fromEnd = new PackageDiffEndpoint(fromText, fromCommit);
            var toEnd = new PackageDiffEndpoint(toText, toCommit);
            var text = parse.GetValue(json)
                ? PackageDiffFormatter.FormatJson(diff, fromEnd, toEnd)
                : parse.GetValue(format) switch
                {
                    "block" => PackageDiffFormatter.FormatBlock(diff, fromEnd, toEnd),
                    "diff" => PackageDiffFormatter.FormatDiff(diff, fromEnd, toEnd),
                    "json" => PackageDiffFormatter.FormatRpmOstreeJson(diff, fromCommit ?? fromText, toCommit ?? toText),
                    var other => throw new CliUsageException($"--format={other}: expected block, diff or json"),
                };
            Console.Out.Write(text.EndsWith('\n') ? text : text + "\n");
            return ExitCodes.Success;
        });
        return command;
    }
}
