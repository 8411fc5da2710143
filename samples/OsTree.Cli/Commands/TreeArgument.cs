using OsTree.Repositories;
using OsTree.Trees;

namespace OsTree.Cli.Commands;

/// <summary>
/// Resolves what a user names as an OS tree: a directory on disk (a path that exists), or a revision in the
/// repository, read straight from the commit without checkout.
/// </summary>
internal static class TreeArgument
{
    public static IFileTree Open(string text, Func<Repository> repository, out string? commit)
    {
        commit = null;
        if (Directory.Exists(text) && (text.Contains('/', StringComparison.Ordinal) || !LooksLikeRevision(text)))
        {
            return new DirectoryFileTree(text);
        }

        var repo = repository();
        var checksum = repo.ResolveRev(text);
        commit = checksum.ToString();
        return new CommitFileTree(repo, checksum);
    }

    private static bool LooksLikeRevision(string text) => text.Length >= 4 && text.All(char.IsAsciiHexDigitLower);
}
