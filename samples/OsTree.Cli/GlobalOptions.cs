using System.CommandLine;

namespace OsTree.Cli;

/// <summary>Options every verb understands, spelled as libostree spells them.</summary>
internal static class GlobalOptions
{
    public static readonly Option<string?> Repo = new("--repo")
    {
        Description = "Path to the repository (default: $OSTREE_REPO, else /ostree/repo when it exists)",
        Recursive = true,
    };

    public static Option<bool> Json() => new("--json") { Description = "Print the result as JSON" };

    /// <summary>The repository path: --repo, then $OSTREE_REPO, then the system repository.</summary>
    public static string RepoPath(ParseResult parse)
    {
        var path = parse.GetValue(Repo) ?? Environment.GetEnvironmentVariable("OSTREE_REPO");
        if (!string.IsNullOrEmpty(path))
        {
            return path;
        }

        if (Directory.Exists("/ostree/repo"))
        {
            return "/ostree/repo";
        }

        throw new CliUsageException("this command needs --repo=PATH (or $OSTREE_REPO)");
    }
}
