using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using OsTree.Objects;
using OsTree.Repositories;
using OsTree.Trees;

namespace OsTree.Cli.Commands;

/// <summary>
/// <c>otree ls [-R] [-X] [-C] [-d] [--json] REV [PATH…]</c>: a commit's tree in <c>ostree ls</c>'s format
/// (files before subdirectories, as they are stored in the dirtree).
/// </summary>
internal static class LsCommand
{
    /// <summary>The verb.</summary>
    public const string Name = "ls";

    /// <summary>What <c>otree --help</c> says of the verb.</summary>
    public const string Description = "List a file or directory of a commit";

    public static Command Create()
    {
        var recursive = new Option<bool>("--recursive", "-R") { Description = "Print directories recursively" };
        var xattrs = new Option<bool>("--xattrs", "-X") { Description = "Print extended attributes" };
        var checksum = new Option<bool>("--checksum", "-C") { Description = "Print checksums" };
        var dirOnly = new Option<bool>("--dironly", "-d") { Description = "Print only the directory itself, not its contents" };
        var json = GlobalOptions.Json();
        var rev = new Argument<string>("REV");
        var paths = new Argument<string[]>("PATH") { Arity = ArgumentArity.ZeroOrMore };
        var command = new Command(Name, Description) { recursive, xattrs, checksum, dirOnly, json, rev, paths };
        command.SetAction(parse =>
        {
            var repo = Repository.Open(GlobalOptions.RepoPath(parse));
            var commit = repo.ResolveRev(parse.GetValue(rev)!);
            var tree = new CommitFileTree(repo, commit);
            var lister = new Lister(repo, tree, parse.GetValue(recursive), parse.GetValue(xattrs), parse.GetValue(checksum), parse.GetValue(dirOnly));
            var targets = parse.GetValue(paths) is { Length: > 0 } p ? p : ["/"];
            foreach (var target in targets)
            {
                lister.List(target);
            }

            if (parse.GetValue(json))
            {
                JsonOutput.Write(lister.WriteJson);
            }
            else
            {
                Console.Out.Write(lister.Text);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private sealed class Lister(Repository repo, CommitFileTree tree, bool recursive, bool xattrs, bool checksums, bool dirOnly)
    {
        private readonly List<Row> _rows = [];

        public StringBuilder Text { get; } = new();

        public void List(string path)
        {
            var normalized = "/" + string.Join('/', path.Split('/', StringSplitOptions.RemoveEmptyEntries));
            if (!tree.TryGetEntry(normalized, out var entry))
            {
                throw new FileNotFoundException($"no such file or directory '{normalized}' in {tree.Description}");
            }

            if (entry.Type != FileTreeEntryType.Directory)
            {
                Emit(FileRow(normalized));
                return;
            }

            var (treeChecksum, metaChecksum) = Locate(normalized);
            ListDirectory(normalized, treeChecksum, metaChecksum, dirOnly ? 0 : 1);
        }

        private void ListDirectory(string path, Checksum treeChecksum, Checksum metaChecksum, int depth)
        {
            var meta = tree.GetDirMeta(metaChecksum);
            Emit(new Row(path, 'd', meta.Mode, meta.Uid, meta.Gid, 0, null, meta.Xattrs, $"{treeChecksum} {metaChecksum}"));
            if (depth == 0)
            {
                return;
            }

            var dirtree = tree.GetDirTree(treeChecksum);
            foreach (var file in dirtree.Files)
            {
                Emit(FileRow(Join(path, file.Name), file.Checksum));
            }

            foreach (var dir in dirtree.Directories)
            {
                ListDirectory(Join(path, dir.Name), dir.TreeChecksum, dir.MetaChecksum, recursive ? 1 : 0);
            }
        }

        private (Checksum Tree, Checksum Meta) Locate(string path)
        {
            var treeChecksum = tree.RootTree;
            var metaChecksum = tree.RootMeta;
            foreach (var part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
            {
                var dir = tree.GetDirTree(treeChecksum).Directories.First(d => d.Name == part);
                treeChecksum = dir.TreeChecksum;
                metaChecksum = dir.MetaChecksum;
            }

            return (treeChecksum, metaChecksum);
        }

        private Row FileRow(string path, Checksum? known = null)
        {
            Checksum checksum;
            if (known is { } c)
            {
                checksum = c;
            }
            else if (!tree.TryGetFileChecksum(path, out checksum))
            {
                throw new FileNotFoundException($"no such file '{path}' in {tree.Description}");
            }

            using var content = repo.OpenContent(checksum);
            var header = content.Header;
            var type = header.IsSymbolicLink ? 'l' : '-';
            return new Row(path, type, header.Mode, header.Uid, header.Gid, header.IsSymbolicLink ? 0 : content.Size, header.IsSymbolicLink ? header.SymbolicLinkTarget : null, header.Xattrs, checksum.ToString());
        }

        private static string Join(string parent, string name) => parent == "/" ? "/" + name : parent + "/" + name;

        private void Emit(Row row)
        {
            _rows.Add(row);
            Text.Append(row.Type)
                .Append(Convert.ToString(row.Mode & 0xFFF, 8).PadLeft(5, '0'))
                .Append(' ').Append(row.Uid.ToString(CultureInfo.InvariantCulture))
                .Append(' ').Append(row.Gid.ToString(CultureInfo.InvariantCulture))
                .Append(' ').Append(row.Size.ToString(CultureInfo.InvariantCulture).PadLeft(6));
            if (checksums)
            {
                Text.Append(' ').Append(row.Checksum);
            }

            if (xattrs)
            {
                Text.Append(" { ").Append(XattrText.Format(row.Xattrs)).Append(" }");
            }

            Text.Append(' ').Append(row.Path);
            if (row.Target is not null)
            {
                Text.Append(" -> ").Append(row.Target);
            }

            Text.Append('\n');
        }

        public void WriteJson(Utf8JsonWriter w)
        {
            w.WriteStartArray();
            foreach (var row in _rows)
            {
                w.WriteStartObject();
                w.WriteString("path", row.Path);
                w.WriteString("type", row.Type switch { 'd' => "directory", 'l' => "symlink", _ => "file" });
                w.WriteNumber("mode", row.Mode & 0xFFF);
                w.WriteNumber("uid", row.Uid);
                w.WriteNumber("gid", row.Gid);
                w.WriteNumber("size", row.Size);
                w.WriteString("checksum", row.Checksum);
                if (row.Target is not null)
                {
                    w.WriteString("target", row.Target);
                }

                w.WriteStartObject("xattrs");
                foreach (var x in row.Xattrs)
                {
                    w.WriteBase64String(x.Name, x.Value.Span);
                }

                w.WriteEndObject();
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }
    }

    private sealed record Row(string Path, char Type, uint Mode, uint Uid, uint Gid, long Size, string? Target, IReadOnlyList<Xattr> Xattrs, string Checksum);
}
