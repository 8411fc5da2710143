using System.CommandLine;
using System.CommandLine.Help;
using OsTree.Cli.Commands;

namespace OsTree.Cli;

/// <summary>
/// The <c>otree</c> command line: libostree's verb and flag names wherever they exist, so that users and scripts can
/// switch between <c>ostree</c> and <c>otree</c>. Errors go to stderr as one line with a non-zero exit code.
/// </summary>
internal static class OtreeApp
{
    public static async Task<int> RunAsync(string[] args)
    {
        var root = BuildRootCommand(args);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await Console.Error.WriteLineAsync($"otree: {error.Message}").ConfigureAwait(false);
            }

            await Console.Error.WriteLineAsync("Try 'otree --help'.").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        var config = new InvocationConfiguration { EnableDefaultExceptionHandler = false };
        try
        {
            return await parse.InvokeAsync(config).ConfigureAwait(false);
        }
        catch (Exception ex) when (CliErrors.IsUserFacing(ex))
        {
            await Console.Error.WriteLineAsync($"otree: error: {CliErrors.Describe(ex)}").ConfigureAwait(false);
            return ExitCodes.Failure;
        }
    }

    /// <summary>The command tree for one invocation: the verbs that <paramref name="args"/> name are built in full.</summary>
    public static RootCommand BuildRootCommand(IReadOnlyList<string> args)
    {
        var root = new RootCommand("otree: atomic, parallel-installable OS trees, compatible with libostree repositories and sysroots.");
        root.Add(GlobalOptions.Repo);
        var helpAliases = root.Options.OfType<HelpOption>().SelectMany(o => o.Aliases.Prepend(o.Name)).ToHashSet(StringComparer.Ordinal);
        foreach (var command in CommandCatalog.For(args, helpAliases))
        {
            root.Add(command);
        }

        return root;
    }
}
