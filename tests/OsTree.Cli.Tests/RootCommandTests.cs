using System.CommandLine;
using System.CommandLine.Help;

namespace OsTree.Cli.Tests;

public sealed class RootCommandTests
{
    [Fact]
    public void The_help_aliases_are_the_ones_System_CommandLine_answers_to()
    {
        var help = new HelpOption();
        Assert.Equal(help.Aliases.Append(help.Name).Order(StringComparer.Ordinal), OtreeApp.HelpAliases.Order(StringComparer.Ordinal));
    }

    public static TheoryData<string> CommandLines => new()
    {
        "",
        "db list --tree /tmp",
        "db list",
        "db list --tree",
        "db diff a",
        "db list --bogus x",
        "--repo=/r refs",
        "--repo /r log main extra",
        "frobnicate",
        "commit -b main -s subject --tree=dir=/x",
        "admin deploy",
        "status --json",
        "pull",
        "-v",
    };

    [Theory]
    [MemberData(nameof(CommandLines))]
    public void Without_help_or_version_tokens_the_light_root_parses_like_the_full_one(string commandLine)
    {
        var args = commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.IsNotType<RootCommand>(OtreeApp.BuildRootCommand(args));
        var light = OtreeApp.BuildRootCommand(args, full: false).Parse(args);
        var full = OtreeApp.BuildRootCommand(args, full: true).Parse(args);
        Assert.Equal(full.Errors.Select(e => e.Message), light.Errors.Select(e => e.Message));
        // The root's own name is the executable's (otree, or the test host here): only the verbs are compared.
        Assert.Equal(VerbPath(full), VerbPath(light));
        Assert.Equal(full.Tokens.Select(t => $"{t.Type}:{t.Value}"), light.Tokens.Select(t => $"{t.Type}:{t.Value}"));
        Assert.Equal(full.UnmatchedTokens, light.UnmatchedTokens);
    }

    private static string VerbPath(ParseResult parse)
    {
        var names = new List<string>();
        for (var result = parse.CommandResult; result.Parent is not null; result = (System.CommandLine.Parsing.CommandResult)result.Parent)
        {
            names.Insert(0, result.Command.Name);
        }

        return string.Join(' ', names);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("db -h")]
    [InlineData("--version")]
    [InlineData("[diagram] refs")]
    [InlineData("@args.rsp")]
    public void Help_version_directives_and_response_files_get_the_full_root(string commandLine)
        => Assert.IsType<RootCommand>(OtreeApp.BuildRootCommand(commandLine.Split(' ')));
}
