using System.CommandLine;

namespace OsTree.Cli.Commands;

/// <summary>Every verb of <c>otree</c>, in the order <c>--help</c> lists them.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> All() =>
    [
        InitCommand.Create(),
        CommitCommand.Create(),
        RefsCommand.Create(),
        RevParseCommand.Create(),
        ShowCommand.Create(),
        LogCommand.Create(),
        CatCommand.Create(),
        LsCommand.Create(),
        ChecksumCommand.Create(),
        CheckoutCommand.Create(),
        DiffCommand.Create(),
        FsckCommand.Create(),
        PruneCommand.Create(),
        RemoteCommand.Create(),
        PullCommand.Create(),
        PullLocalCommand.Create(),
        SummaryCommand.Create(),
        DbCommand.Create(),
        AdminCommand.Create(),
        StatusCommand.Create(),
    ];
}
