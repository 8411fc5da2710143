using System.Globalization;
using System.Text;

namespace OsTree.Deployments;

public sealed partial class Sysroot
{
    /// <summary>
    /// The text <c>ostree admin status</c> prints for this sysroot: one block per deployment in boot order,
    /// <c>*</c> for the booted one, <c>(pending)</c>/<c>(rollback)</c> relative to it, then <c>Version:</c>,
    /// <c>Pinned: yes</c> and the origin refspec.
    /// </summary>
    /// <returns>The status text, ending in a newline.</returns>
    public string FormatStatus()
    {
        EnsureLoaded();
        if (_deployments.Count == 0)
        {
            return "No deployments.\n";
        }

        Deployment? pending = null;
        Deployment? rollback = null;
        if (BootedDeployment is not null)
        {
            QueryDeploymentsFor(null, out pending, out rollback);
        }

        var builder = new StringBuilder();
        foreach (var deployment in _deployments)
        {
            var state = deployment.IsSameDeployment(pending) ? " (pending)" : deployment.IsSameDeployment(rollback) ? " (rollback)" : string.Empty;
            builder.Append(deployment.IsBooted ? '*' : ' ').Append(' ')
                .Append(deployment.OsName).Append(' ').Append(deployment.Name).Append(state).Append('\n');
            if (GetCommitVersion(deployment.Checksum) is { } version)
            {
                builder.Append("    Version: ").Append(version).Append('\n');
            }

            if (deployment.Origin?.Unlocked == "hotfix")
            {
                builder.Append("    Unlocked: hotfix\n");
            }

            if (deployment.IsPinned)
            {
                builder.Append("    Pinned: yes\n");
            }

            if (deployment.Origin is null)
            {
                builder.Append("    origin: none\n");
            }
            else
            {
                if (deployment.Origin.Refspec is { } refspec)
                {
                    builder.Append("    origin refspec: ").Append(refspec).Append('\n');
                }
                else
                {
                    builder.Append("    origin: <unknown origin type>\n");
                }

                if (CommitMetadata?.GetString(deployment.Checksum, "ostree.source-title") is { } title)
                {
                    builder.Append("    `- ").Append(title).Append('\n');
                }
            }
        }

        return builder.ToString();
    }

    /// <summary>The <c>version</c> metadata of a commit, when the repository has the commit and the key.</summary>
    /// <param name="commit">The commit checksum.</param>
    /// <returns>The version, or <see langword="null"/>.</returns>
    public string? GetCommitVersion(string commit) => CommitMetadata?.GetString(commit, "version");

    private static string Format(int value) => value.ToString(CultureInfo.InvariantCulture);
}
