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
    private const string Description = "otree: atomic, parallel-installable OS trees, compatible with libostree repositories and sysroots.";

    // The names System.CommandLine's HelpOption answers to (checked against it by a test).
    internal static readonly IReadOnlySet<string> HelpAliases = new HashSet<string>(["--help", "-h", "/h", "-?", "/?"], StringComparer.Ordinal);

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
    /// <remarks>
    /// System.CommandLine's help and version options take their descriptions from its resources, and the first lookup
    /// sets up a ResourceManager through reflection: about 2 ms, a tenth of a short verb's run. A root without them
    /// parses a command line that names neither (nor a directive or response file) exactly as the full root does, so
    /// the full root is built only when a token could name one of them.
    /// </remarks>
    public static Command BuildRootCommand(IReadOnlyList<string> args)
        => BuildRootCommand(args, full: args.Any(a => HelpAliases.Contains(a) || a == "--version" || a.StartsWith('@') || a.StartsWith('[')));

    /// <summary>The command tree, with or without the help and version options and the directives.</summary>
    internal static Command BuildRootCommand(IReadOnlyList<string> args, bool full)
    {
        var root = full ? new RootCommand(Description) : new Command("otree", Description);
        root.Add(GlobalOptions.Repo);
        foreach (var command in CommandCatalog.For(args, HelpAliases))
        {
            root.Add(command);
        }

        return root;
    }
}
