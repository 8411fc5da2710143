using System.CommandLine;
using OsTree.Btrfs;
using OsTree.Cli.Status;
using OsTree.Deployments;
using OsTree.Packaging.Status;

namespace OsTree.Cli.Commands;

/// <summary>
/// <c>otree status</c>: every deployment with its version, commit, state, packages and their diff against the booted
/// (or, offline, the default) one, its space, the headline sentence and the programs that need a restart. The work is
/// <see cref="SystemStatusReader"/>; this verb only chooses the space source and renders.
/// </summary>
internal static class StatusCommand
{
    /// <summary>The verb.</summary>
    public const string Name = "status";

    /// <summary>What <c>otree --help</c> says of the verb.</summary>
    public const string Description = "Show the OS images, their space, their package differences and what needs a restart";

    public static Command Create()
    {
        var sysroot = new Option<string>("--sysroot") { Description = "The physical sysroot (default /)", DefaultValueFactory = _ => "/" };
        var json = GlobalOptions.Json();
        var packages = new Option<bool>("--packages") { Description = "List every package change, not only the summary" };
        var noRestarts = new Option<bool>("--no-restarts") { Description = "Do not scan running processes" };
        var command = new Command(Name, Description)
        {
            sysroot, json, packages, noRestarts,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var root = Sysroot.Open(parse.GetValue(sysroot)!);
            root.Load();
            var space = BtrfsFilesystem.IsBtrfs(root.Path) ? new BtrfsSpaceSource() : null;
            SystemStatus status;
            using (var progress = new TerminalProgress())
            {
                status = await new SystemStatusReader(spaceSource: space).ReadAsync(
                    root,
                    new SystemStatusOptions { IncludeRestarts = !parse.GetValue(noRestarts) },
                    progress,
                    cancellationToken).ConfigureAwait(false);
            }

            if (parse.GetValue(json))
            {
                JsonOutput.Write(w => SystemStatusFormatter.WriteJson(w, status));
            }
            else
            {
                var useColor = !Console.IsOutputRedirected
                    && Environment.GetEnvironmentVariable("NO_COLOR") is null
                    && Environment.GetEnvironmentVariable("TERM") is not (null or "dumb");
                await Console.Out.WriteAsync(SystemStatusFormatter.FormatText(status, new SystemStatusTextOptions
                {
                    ShowPackages = parse.GetValue(packages),
                    UseColor = useColor,
                })).ConfigureAwait(false);
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
