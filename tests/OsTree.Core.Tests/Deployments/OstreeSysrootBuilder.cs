using OsTree.TestSupport;

namespace OsTree.Core.Tests.Deployments;

/// <summary>
/// Builds sysroots with the real <c>ostree admin</c> (the oracle): init-fs, os-init, commits of a small bootable tree
/// (kernel and initramfs in usr/lib/modules/5.10.0-test, usr/etc, usr/lib/os-release) and deploys.
/// </summary>
internal sealed class OstreeSysrootBuilder : IDisposable
{
    private readonly TempDirectory _temp = new("ostree-net-sysroot");
    private int _commits;

    public OstreeSysrootBuilder(string osName = "testos", bool init = true)
    {
        OsName = osName;
        Sysroot = _temp.Combine("sysroot");
        Tree = _temp.Combine("tree");
        Directory.CreateDirectory(Sysroot);
        if (init)
        {
            Tool.Check("ostree", "admin", "init-fs", Sysroot);
            Tool.Check("ostree", "admin", "os-init", "--sysroot=" + Sysroot, osName);
        }

        WriteBaseTree();
    }

    public string OsName { get; }

    public string Sysroot { get; }

    /// <summary>The tree the next <see cref="Commit"/> records; edit it freely between commits.</summary>
    public string Tree { get; }

    public string Repo => System.IO.Path.Combine(Sysroot, "ostree/repo");

    public string Ref => OsName + "/stable";

    public string Temp(string name) => _temp.Combine(name);

    public void WriteBaseTree()
    {
        Tool.Check("rm", "-rf", Tree);
        Tool.Shell($"""
            T={Tree}
            mkdir -p $T/usr/lib/modules/5.10.0-test $T/usr/etc/sub $T/usr/bin
            echo kernel-1 >$T/usr/lib/modules/5.10.0-test/vmlinuz
            echo initramfs-1 >$T/usr/lib/modules/5.10.0-test/initramfs.img
            printf 'ID=testos\nPRETTY_NAME="Test OS 1"\nVERSION_ID=1\n' >$T/usr/lib/os-release
            echo 'a=1' >$T/usr/etc/a.conf
            echo 'b=1' >$T/usr/etc/sub/b.conf
            echo 'hosts' >$T/usr/etc/hosts
            ln -s a.conf $T/usr/etc/link.conf
            echo '#!/bin/sh' >$T/usr/bin/tool && chmod 755 $T/usr/bin/tool
            """).EnsureSuccess("base tree");
    }

    /// <summary>Commits <see cref="Tree"/> on <see cref="Ref"/> with a version; returns the checksum.</summary>
    public string Commit(string? version = null)
    {
        _commits++;
        version ??= $"{_commits}.0";
        return Tool.Check("ostree", "commit", "--repo=" + Repo, "-b", Ref, "-s", "commit " + _commits,
            "--timestamp=@" + (1600000000 + _commits), "--add-metadata-string=version=" + version, Tree).Trim();
    }

    public ToolResult OstreeDeploy(params string[] extra)
        => Tool.Run("ostree", ["admin", "deploy", "--sysroot=" + Sysroot, "--os=" + OsName, .. extra, Ref]);

    public string OstreeStatus() => Tool.Check("ostree", "admin", "status", "--sysroot=" + Sysroot);

    public string DeploymentDirectory(string checksum, int serial = 0)
        => System.IO.Path.Combine(Sysroot, $"ostree/deploy/{OsName}/deploy/{checksum}.{serial}");

    /// <summary>A copy of the whole sysroot (cp -a keeps hard links, owners, xattrs and the immutable bit is not copied).</summary>
    public string CopySysroot(string name)
    {
        var target = _temp.Combine(name);
        Tool.Check("cp", "-a", Sysroot, target);
        return target;
    }

    public void Dispose() => _temp.Dispose();
}
