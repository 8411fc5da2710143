using System.Text.Json;
using OsTree.TestSupport;

namespace OsTree.Cli.Tests;

/// <summary><c>otree checkout</c> and <c>otree admin</c> against the real ostree.</summary>
public sealed class AdminAndCheckoutVerbsTests
{
    private static string Listing(string root)
        => Tool.Shell($"cd '{root}' && find . -printf '%p %y %m %U %G %s %l\\n' | sort").EnsureSuccess("find").StandardOutput;

    [Theory]
    [InlineData("bare-user", new[] { "-U", "-H" })]
    [InlineData("bare-user-only", new[] { "-U" })]
    [InlineData("archive", new[] { "-U" })]
    public void Checkout_gives_the_tree_ostree_checkout_gives(string mode, string[] flags)
    {
        Requires.Tool("ostree", "setfattr");
        using var work = new TempDirectory();
        Requires.UserXattrs(work.Path);
        var tree = SampleTree.Create(work);
        var repo = $"--repo={work.Combine("r")}";
        Tool.Check("ostree", "init", repo, $"--mode={mode}");
        Tool.Check("ostree", "commit", repo, "-b", "main", tree);

        Tool.Check("ostree", ["checkout", repo, .. flags, "main", work.Combine("theirs")]);
        Otree.Check(["checkout", repo, .. flags, "main", work.Combine("ours")]);

        Assert.Equal(Listing(work.Combine("theirs")), Listing(work.Combine("ours")));
        Tool.Check("diff", "-r", "--no-dereference", work.Combine("theirs"), work.Combine("ours"));
    }

    [Fact]
    public void A_sysroot_deployed_by_otree_is_listed_by_ostree_admin_status_and_ostree_deploys_on_top()
    {
        Requires.Root("bare repositories and immutable deployment directories");
        Requires.Tool("ostree");
        using var work = new TempDirectory();
        var sysroot = work.Combine("sysroot");
        Directory.CreateDirectory(sysroot);
        Tool.Check("ostree", "admin", "init-fs", sysroot);
        var tree = work.Combine("tree");
        Tool.Shell($"""
            mkdir -p {tree}/usr/lib/modules/5.10.0-test {tree}/usr/etc {tree}/usr/bin
            echo kernel >{tree}/usr/lib/modules/5.10.0-test/vmlinuz
            echo initramfs >{tree}/usr/lib/modules/5.10.0-test/initramfs.img
            printf 'ID=testos\nPRETTY_NAME="Test OS"\n' >{tree}/usr/lib/os-release
            echo testhost >{tree}/usr/etc/hostname
            echo tool >{tree}/usr/bin/tool
            """).EnsureSuccess("building a bootable tree");
        var repo = $"--repo={sysroot}/ostree/repo";
        Otree.Check("commit", repo, "-b", "testos/stable", "-s", "v1", "--add-metadata-string=version=1.0", tree);
        Otree.Check("admin", "os-init", $"--sysroot={sysroot}", "testos");
        Otree.Check("admin", "deploy", $"--sysroot={sysroot}", "--os=testos", "--karg=root=LABEL=rootfs", "--karg=quiet", "testos/stable");

        // Edit /etc of our deployment; ostree's own deploy must carry the edit forward through its merge.
        var status = JsonDocument.Parse(Otree.Check("admin", "status", $"--sysroot={sysroot}", "--json"));
        var first = status.RootElement.GetProperty("deployments")[0];
        var etc = Path.Combine(sysroot, first.GetProperty("path").GetString()!, "etc");
        File.WriteAllText(Path.Combine(etc, "hostname"), "edited\n");

        Assert.Equal(Tool.Check("ostree", "admin", "status", $"--sysroot={sysroot}"), Otree.Check("admin", "status", $"--sysroot={sysroot}"));

        File.WriteAllText(Path.Combine(tree, "usr/bin/tool"), "tool v2\n");
        Otree.Check("commit", repo, "-b", "testos/stable", "-s", "v2", "--add-metadata-string=version=2.0", tree);
        Tool.Check("ostree", "admin", "deploy", $"--sysroot={sysroot}", "--os=testos", "testos/stable");

        var after = JsonDocument.Parse(Otree.Check("admin", "status", $"--sysroot={sysroot}", "--json"));
        var deployments = after.RootElement.GetProperty("deployments");
        Assert.Equal(2, deployments.GetArrayLength());
        Assert.Equal("2.0", deployments[0].GetProperty("version").GetString());
        Assert.Contains("root=LABEL=rootfs", deployments[0].GetProperty("options").GetString(), StringComparison.Ordinal);
        var newEtc = Path.Combine(sysroot, deployments[0].GetProperty("path").GetString()!, "etc");
        Assert.Equal("edited\n", File.ReadAllText(Path.Combine(newEtc, "hostname")));
        Assert.Equal(Tool.Check("ostree", "admin", "status", $"--sysroot={sysroot}"), Otree.Check("admin", "status", $"--sysroot={sysroot}"));
        Assert.Equal("M    hostname\n", Otree.Check("admin", "config-diff", $"--sysroot={sysroot}", "--os=testos"));
    }
}
