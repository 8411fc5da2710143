using System.CommandLine;
using OsTree.Trees;

namespace OsTree.Cli.Commands;

/// <summary><c>otree checksum FILE…</c>: the content object id libostree would give each file.</summary>
internal static class ChecksumCommand
{
    /// <summary>The verb.</summary>
    public const string Name = "checksum";

    /// <summary>What <c>otree --help</c> says of the verb.</summary>
    public const string Description = "Checksum files as content objects";

    public static Command Create()
    {
        var ignoreXattrs = new Option<bool>("--ignore-xattrs") { Description = "Leave extended attributes out of the checksum" };
        var paths = new Argument<string[]>("FILE") { Arity = ArgumentArity.OneOrMore };
        var command = new Command(Name, Description) { ignoreXattrs, paths };
        command.SetAction(parse =>
        {
            var files = parse.GetValue(paths)!;
            foreach (var path in files)
            {
                var checksum = LocalFile.ComputeChecksum(path, includeXattrs: !parse.GetValue(ignoreXattrs));
                Console.WriteLine(files.Length == 1 ? checksum.ToString() : $"{checksum}  {path}");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
