using System.Globalization;
using System.Text.Json;
using OsTree.Packaging.Status;
using OsTree.TestSupport;

namespace OsTree.Cli.Tests;

/// <summary>
/// The README's main command, run as a normal user (uid 65534 through setpriv when the tests run as root): it must
/// build the repository and the sysroot, deploy both images, and print the numbers <c>otree status</c> gives.
/// </summary>
public sealed class QuickstartTests
{
    private const string Nobody = "65534";

    [Fact]
    public void The_quickstart_runs_as_a_normal_user_and_prints_what_otree_status_shows()
    {
        using var work = new TempDirectory();
        var dll = Path.Combine(AppContext.BaseDirectory, "Quickstart.dll");
        var dotnet = Tool.Find("dotnet") ?? "dotnet";
        var target = work.Combine("qs");
        string[] asUser = [];
        if (Requires.IsRoot)
        {
            Requires.Tool("setpriv");
            Tool.Check("chown", $"{Nobody}:{Nobody}", work.Path);
            asUser = ["setpriv", $"--reuid={Nobody}", $"--regid={Nobody}", "--clear-groups", "env", $"HOME={work.Path}", "DOTNET_CLI_TELEMETRY_OPTOUT=1", "DOTNET_NOLOGO=1"];
            var probe = Tool.Run(asUser[0], [.. asUser[1..], dotnet, "--list-runtimes"]);
            Assert.SkipUnless(probe.ExitCode == 0 && Tool.Run(asUser[0], [.. asUser[1..], "test", "-r", dll]).ExitCode == 0,
                $"uid {Nobody} cannot run {dotnet} or read {dll} (an SDK or a build under a private home directory); run this test as a normal user instead");
        }

        string[] command = [.. asUser, dotnet, dll, target];
        var run = Tool.Run(command[0], command[1..]).EnsureSuccess("the quickstart");
        var output = run.StandardOutput;
        var sysroot = Path.Combine(target, "sysroot");
        Assert.Contains($"Sysroot (as `ostree admin init-fs` makes it, repository bare-user-only): {sysroot}", output, StringComparison.Ordinal);
        if (Requires.IsRoot)
        {
            Assert.Equal(Nobody, Tool.Check("stat", "-c", "%u", Path.Combine(sysroot, "ostree", "repo", "config")).Trim());
        }

        var status = JsonDocument.Parse(Otree.Check("status", $"--sysroot={sysroot}", "--json")).RootElement;
        var deployments = status.GetProperty("deployments").EnumerateArray().ToList();
        Assert.Equal(["2.0", "1.0"], deployments.Select(d => d.GetProperty("version").GetString()));
        Assert.Equal([12, 12], deployments.Select(d => d.GetProperty("packages").GetProperty("count").GetInt32()));
        Assert.Equal("dpkg", deployments[0].GetProperty("packages").GetProperty("format").GetString());
        var diff = deployments[1].GetProperty("packages").GetProperty("diff");
        Assert.Equal((4, 1, 1, 0), (diff.GetProperty("downgraded").GetInt32(), diff.GetProperty("removed").GetInt32(), diff.GetProperty("added").GetInt32(), diff.GetProperty("upgraded").GetInt32()));
        Assert.Equal([1, 0], deployments.Select(d => d.GetProperty("configChanges").GetInt32()));

        // The numbers the quickstart printed are the ones otree status computes, and du agrees with them.
        var headline = status.GetProperty("headline").GetString()!;
        Assert.StartsWith("2 OS images installed; compared with 2.0 (", headline, StringComparison.Ordinal);
        Assert.Contains(headline, output, StringComparison.Ordinal);
        var space = status.GetProperty("space");
        Assert.Contains($"The other one takes {SystemStatusFormatter.FormatSize(space.GetProperty("beyondReferenceBytes").GetInt64())} beyond it", output, StringComparison.Ordinal);
        Assert.Contains("4 downgraded, 1 removed, 1 added", output, StringComparison.Ordinal);
        foreach (var d in deployments)
        {
            var du = long.Parse(Tool.Check("du", "-s", "-B1", d.GetProperty("path").GetString()!).Split('\t')[0], CultureInfo.InvariantCulture);
            Assert.Equal(du, d.GetProperty("space").GetProperty("totalBytes").GetInt64());
        }

        // Each image's 512 KiB data file is its own; everything else is shared through the repository.
        Assert.InRange(space.GetProperty("freedIfAllOthersDeletedBytes").GetInt64(), 512 * 1024, 1024 * 1024);

        // The real ostree reads what was built: both repositories pass its fsck and it lists both deployments.
        if (Tool.Exists("ostree"))
        {
            Tool.Check("ostree", "fsck", $"--repo={Path.Combine(sysroot, "ostree", "repo")}");
            Tool.Check("ostree", "fsck", $"--repo={Path.Combine(target, "repo")}");
            var listed = Tool.Check("ostree", "admin", "status", $"--sysroot={sysroot}");
            Assert.Contains("Version: 2.0", listed, StringComparison.Ordinal);
            Assert.Contains("Version: 1.0", listed, StringComparison.Ordinal);
        }

        // And the removal it prints removes it all, as the same user.
        var remove = output.Split('\n').Single(l => l.StartsWith("Remove it all with: ", StringComparison.Ordinal))["Remove it all with: ".Length..];
        Assert.Equal($"rm -rf {target}", remove);
        string[] removal = [.. asUser, "sh", "-c", remove];
        Tool.Run(removal[0], removal[1..]).EnsureSuccess("the printed removal");
        Assert.False(Directory.Exists(target));
    }
}
