using OsTree.Deployments;
using OsTree.TestSupport;

namespace OsTree.Core.Tests.Deployments;

/// <summary>Commit metadata read with <c>ostree show --print-metadata-key</c>, to check titles and status lines.</summary>
internal sealed class OstreeCommitMetadata(string repo) : ICommitMetadataSource
{
    public string? GetString(string commit, string key)
    {
        var result = Tool.Run("ostree", "show", "--repo=" + repo, "--print-metadata-key=" + key, commit);
        if (result.ExitCode != 0)
        {
            return null;
        }

        var text = result.StandardOutput.Trim();
        return text.Length >= 2 && text[0] == '\'' && text[^1] == '\'' ? text[1..^1] : text;
    }
}
