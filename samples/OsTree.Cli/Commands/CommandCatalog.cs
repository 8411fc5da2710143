using System.CommandLine;

namespace OsTree.Cli.Commands;

/// <summary>
/// Every verb of <c>otree</c>, in the order <c>--help</c> lists them. Building a verb's options, arguments and
/// actions is most of what a command line costs to start, and one invocation runs one verb: the others are added as
/// bare commands (name and description, enough for <c>--help</c>, errors and suggestions) and built only when named.
/// </summary>
internal static class CommandCatalog
{
    private static readonly (string Name, string Description, Func<Command> Create)[] Verbs =
    [
        (InitCommand.Name, InitCommand.Description, InitCommand.Create),
        (CommitCommand.Name, CommitCommand.Description, CommitCommand.Create),
        (RefsCommand.Name, RefsCommand.Description, RefsCommand.Create),
        (RevParseCommand.Name, RevParseCommand.Description, RevParseCommand.Create),
        (ShowCommand.Name, ShowCommand.Description, ShowCommand.Create),
        (LogCommand.Name, LogCommand.Description, LogCommand.Create),
        (CatCommand.Name, CatCommand.Description, CatCommand.Create),
        (LsCommand.Name, LsCommand.Description, LsCommand.Create),
        (ChecksumCommand.Name, ChecksumCommand.Description, ChecksumCommand.Create),
        (CheckoutCommand.Name, CheckoutCommand.Description, CheckoutCommand.Create),
        (DiffCommand.Name, DiffCommand.Description, DiffCommand.Create),
        (FsckCommand.Name, FsckCommand.Description, FsckCommand.Create),
        (PruneCommand.Name, PruneCommand.Description, PruneCommand.Create),
        (RemoteCommand.Name, RemoteCommand.Description, RemoteCommand.Create),
        (PullCommand.Name, PullCommand.Description, PullCommand.Create),
        (PullLocalCommand.Name, PullLocalCommand.Description, PullLocalCommand.Create),
        (SummaryCommand.Name, SummaryCommand.Description, SummaryCommand.Create),
        (DbCommand.Name, DbCommand.Description, DbCommand.Create),
        (AdminCommand.Name, AdminCommand.Description, AdminCommand.Create),
        (StatusCommand.Name, StatusCommand.Description, StatusCommand.Create),
    ];

    /// <summary>
    /// Every verb, fully built when <paramref name="args"/> holds its name anywhere (a superset of the verb the parser
    /// will pick, whatever options come before it) and bare otherwise. Every verb is built for a top-level help (its
    /// listing shows each verb's arguments) and for a response file (<c>@FILE</c> hides the arguments).
    /// </summary>
    public static IEnumerable<Command> For(IReadOnlyList<string> args, IReadOnlySet<string> helpAliases)
    {
        var named = Verbs.Any(v => args.Contains(v.Name));
        var everything = args.Any(a => a.StartsWith('@')) || (!named && args.Any(helpAliases.Contains));
        foreach (var (name, description, create) in Verbs)
        {
            yield return everything || args.Contains(name) ? create() : new Command(name, description);
        }
    }
}
