using OsTree.TestSupport;

namespace OsTree.Cli.Tests.Transactions;

/// <summary>
/// Everything a failed or killed transaction must leave as it was, as text to compare: the boot configuration
/// (boot/, ostree/boot.*), the deployment directories and origins, and the repository's refs and objects; and, byte for
/// byte, a deployment directory (type, mode, owner, size, inode, link target and SHA-256 of every entry).
/// </summary>
internal static class SysrootState
{
    public static string Capture(string sysroot, bool includeObjects = true)
    {
        var objects = includeObjects ? "find ostree/repo/objects -type f | sort" : "true";
        return Tool.Shell($"""
            cd '{sysroot}'
            find boot ostree/boot.* -printf '%p %y %m %s %l\n' | sort
            find boot -type f -print0 | xargs -0 -r sha256sum | sort
            find ostree/deploy -maxdepth 3 -printf '%p %y %i\n' | sort
            for f in ostree/deploy/*/deploy/*.origin; do echo "$f"; cat "$f"; done
            find ostree/repo/refs -type f | sort | while read -r r; do echo "$r $(cat "$r")"; done
            {objects}
            """).EnsureSuccess("capturing the sysroot state").StandardOutput;
    }

    public static string Tree(string directory)
        => Tool.Shell($"""
            cd '{directory}'
            find . -printf '%p %y %m %U %G %s %i %l\n' | sort
            find . -type f -print0 | xargs -0 -r sha256sum | sort
            """).EnsureSuccess("capturing a deployment tree").StandardOutput;

    public static string DeploymentDirectory(string sysroot, int index)
    {
        var status = Tool.Check("ostree", "admin", "status", "--sysroot=" + sysroot);
        var line = status.Split('\n').Where(l => l.Length > 2 && l[2] != ' ' && !l.TrimStart().StartsWith("origin", StringComparison.Ordinal)).ElementAt(index);
        var parts = line[2..].Trim().Split(' ');
        return Path.Combine(sysroot, "ostree", "deploy", parts[0], "deploy", parts[1]);
    }
}
