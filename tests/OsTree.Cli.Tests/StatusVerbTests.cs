using System.Globalization;
using System.Text;
using System.Text.Json;
using OsTree.Deployments;
using OsTree.Packaging.Status;
using OsTree.Processes;
using OsTree.Repositories;
using OsTree.TestSupport;
using OsTree.Trees;

namespace OsTree.Cli.Tests;

/// <summary>
/// <c>otree status</c> on a real sysroot with four deployments (made by the library's own deploy, as a normal user
/// could): counts, package diffs and space figures checked against what was built and against GNU <c>du</c>; its JSON
/// validated against docs/status.schema.json.
/// </summary>
public sealed class StatusVerbTests
{
    private static readonly JsonSchemaValidator Schema = new(
        JsonDocument.Parse(File.ReadAllText(Path.Combine(PublicApiSnapshot.RepositoryRoot(), "docs", "status.schema.json"))).RootElement);

    [Fact]
    public void Status_of_four_deployments_shows_their_packages_diffs_states_and_space_as_du_counts_it()
    {
        Requires.Tool("du");
        using var work = new TempDirectory();
        var sysrootPath = BuildSysroot(work, work.Combine("sysroot"), releases: 4);

        var json = Otree.Check("status", $"--sysroot={sysrootPath}", "--json");
        var root = JsonDocument.Parse(json).RootElement;
        Assert.Empty(Schema.Validate(root));
        Assert.Equal(1, root.GetProperty("schemaVersion").GetInt32());
        Assert.False(root.GetProperty("booted").GetBoolean());
        Assert.Equal(0, root.GetProperty("referenceIndex").GetInt32());
        Assert.Equal("notApplicable", root.GetProperty("restarts").GetProperty("check").GetString());

        var deployments = root.GetProperty("deployments").EnumerateArray().ToList();
        Assert.Equal(["4.0", "3.0", "2.0", "1.0"], deployments.Select(d => d.GetProperty("version").GetString()));
        Assert.Equal([true, false, false, false], deployments.Select(d => d.GetProperty("default").GetBoolean()));
        Assert.Equal([false, false, true, false], deployments.Select(d => d.GetProperty("pinned").GetBoolean()));
        Assert.Equal([1, 0, 0, 0], deployments.Select(d => d.GetProperty("configChanges").GetInt32()));

        // Image k has a, b@k, e0..e(k-1), c from 3 on, d up to 2: k + 3 packages. Against 4.0 (the reference):
        // b is downgraded in every older one; 3.0 lacks e3; 2.0 and 1.0 lack c and e(k)..e3 and have d.
        Assert.Equal([7, 6, 5, 4], deployments.Select(d => d.GetProperty("packages").GetProperty("count").GetInt32()));
        var diffs = deployments.Select(d => d.GetProperty("packages").GetProperty("diff")).ToList();
        Assert.Equal([0, 1, 1, 1], diffs.Select(d => d.GetProperty("downgraded").GetInt32()));
        Assert.Equal([0, 1, 3, 4], diffs.Select(d => d.GetProperty("removed").GetInt32()));
        Assert.Equal([0, 0, 1, 1], diffs.Select(d => d.GetProperty("added").GetInt32()));
        Assert.Equal([0, 0, 0, 0], diffs.Select(d => d.GetProperty("upgraded").GetInt32()));
        Assert.Contains(diffs[1].GetProperty("changes").EnumerateArray(), c =>
            c.GetProperty("kind").GetString() == "downgraded" && c.GetProperty("name").GetString() == "b"
            && c.GetProperty("from").GetString() == "4.0-1" && c.GetProperty("to").GetString() == "3.0-1");

        // Space, against du (allocated bytes, each inode once across its arguments).
        var dirs = deployments.Select(d => d.GetProperty("path").GetString()!).ToList();
        var space = deployments.Select(d => d.GetProperty("space")).ToList();
        for (var i = 0; i < dirs.Count; i++)
        {
            Assert.Equal(Du(dirs[i]), space[i].GetProperty("totalBytes").GetInt64());
            if (i > 0)
            {
                // du counts what the reference already holds only once: the second figure is what i has beyond it.
                var beyond = Du(dirs[0], dirs[i])[1];
                Assert.Equal(Du(dirs[i]) - beyond, space[i].GetProperty("sharedBytes").GetInt64());
            }
        }

        var sysrootSpace = root.GetProperty("space");
        Assert.Equal("inodes", sysrootSpace.GetProperty("method").GetString());
        Assert.Equal(Du([.. dirs]).Skip(1).Sum(), sysrootSpace.GetProperty("beyondReferenceBytes").GetInt64());
        var stateroot = Path.Combine(sysrootPath, "ostree", "deploy", "os", "var");
        Assert.Equal(Du([.. dirs, Path.Combine(sysrootPath, "ostree", "repo", "objects"), stateroot]).Sum(), sysrootSpace.GetProperty("totalBytes").GetInt64());
        // Each older image's data file is its own: 64 KiB of random bytes, so exclusive bytes are at least that.
        Assert.All(space, s => Assert.True(s.GetProperty("exclusiveBytes").GetInt64() >= 64 * 1024));
        Assert.True(sysrootSpace.GetProperty("freedIfAllOthersDeletedBytes").GetInt64() >= 3 * 64 * 1024);

        // The text view: headline, one row per deployment, sizes in human units, no colour when piped.
        var text = Otree.Check("status", $"--sysroot={sysrootPath}", "--packages");
        var lines = text.Split('\n');
        Assert.StartsWith("4 OS images installed; compared with 4.0 (", lines[0], StringComparison.Ordinal);
        Assert.Contains($"The 3 others take {SystemStatusFormatter.FormatSize(sysrootSpace.GetProperty("beyondReferenceBytes").GetInt64())} beyond it", lines[0], StringComparison.Ordinal);
        Assert.Contains("1.0 (", lines[0], StringComparison.Ordinal);
        Assert.Contains("1 downgraded, 4 removed, 1 added", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\e[", text, StringComparison.Ordinal);
        var header = lines.Single(l => l.StartsWith("#  Image", StringComparison.Ordinal));
        var rows = lines.SkipWhile(l => l != header).Skip(1).TakeWhile(l => l.Length > 0).ToList();
        Assert.Equal(4, rows.Count);
        Assert.Contains("default", rows[0], StringComparison.Ordinal);
        Assert.Contains("pinned", rows[2], StringComparison.Ordinal);
        // Aligned: every row's commit column starts where the header's does.
        var commitColumn = header.IndexOf("Commit", StringComparison.Ordinal);
        Assert.All(rows, r => Assert.Equal(deployments[rows.IndexOf(r)].GetProperty("checksum").GetString()![..10], r.Substring(commitColumn, 10)));
        Assert.Contains("b 4.0-1 -> 3.0-1", text, StringComparison.Ordinal);
        Assert.Contains("Restarts: not applicable", text, StringComparison.Ordinal);
    }

    [Fact]
    public void On_btrfs_status_measures_extents_and_freed_if_deleted_is_what_undeploy_and_prune_free()
    {
        Requires.Root("loop devices, mount and btrfs subvolumes need root");
        Requires.Tool("mkfs.btrfs", "btrfs", "losetup", "mount", "umount");
        Assert.SkipUnless(File.Exists("/dev/loop-control"), "no loop devices (/dev/loop-control missing): the container needs --privileged");
        using var work = new TempDirectory();
        var image = work.Combine("fs.img");
        using (var file = new FileStream(image, FileMode.CreateNew))
        {
            file.SetLength(512L << 20);
        }

        Tool.Check("mkfs.btrfs", "-q", "-f", image);
        var device = Tool.Check("losetup", "--find", "--show", image).Trim();
        var mountPoint = work.Combine("mnt");
        Directory.CreateDirectory(mountPoint);
        try
        {
            Tool.Check("mount", device, mountPoint);
            try
            {
                var sysrootPath = BuildSysroot(work, Path.Combine(mountPoint, "sysroot"), releases: 3, new SysrootOptions().UseBtrfs());
                Tool.Check("btrfs", "filesystem", "sync", mountPoint);
                var root = JsonDocument.Parse(Otree.Check("status", $"--sysroot={sysrootPath}", "--json")).RootElement;
                Assert.Empty(Schema.Validate(root));
                Assert.Equal("btrfs-fiemap", root.GetProperty("space").GetProperty("method").GetString());
                var deployments = root.GetProperty("deployments").EnumerateArray().ToList();
                Assert.Equal(3, deployments.Count);
                foreach (var d in deployments)
                {
                    Assert.Equal(0, Tool.Run("btrfs", "subvolume", "show", d.GetProperty("path").GetString()!).ExitCode);
                }

                // Each older image's 64 KiB data file is its own (reflinked only from its commit's object, which the
                // cleanup prunes); the small files are inline in btrfs metadata, which FIEMAP does not count as data.
                var last = deployments[2].GetProperty("space");
                Assert.Equal(64 * 1024, last.GetProperty("exclusiveBytes").GetInt64());
                Assert.Equal(2 * 64 * 1024, root.GetProperty("space").GetProperty("freedIfAllOthersDeletedBytes").GetInt64());

                // Deleting it as libostree does (undeploy, then a prune of what no ref keeps) frees exactly that data.
                var before = DataUsed(mountPoint);
                var sysroot = Sysroot.Open(sysrootPath, new SysrootOptions().UseBtrfs());
                sysroot.Load();
                sysroot.Undeploy(2, TestContext.Current.CancellationToken);
                Repository.Open(sysroot.RepositoryPath).Prune(new PruneOptions { RefsOnly = true, Depth = 0 });
                Tool.Check("btrfs", "filesystem", "sync", mountPoint); // commits now: the cleaner need not wait for the 30 s timer
                Tool.Check("btrfs", "subvolume", "sync", mountPoint);
                Assert.Equal(last.GetProperty("freedIfDeletedBytes").GetInt64(), before - DataUsed(mountPoint));

                Assert.Contains("Space (btrfs-fiemap)", Otree.Check("status", $"--sysroot={sysrootPath}"), StringComparison.Ordinal);
            }
            finally
            {
                Tool.Run("umount", mountPoint);
            }
        }
        finally
        {
            Tool.Run("losetup", "-d", device);
        }
    }

    [Fact]
    public async Task A_program_started_from_an_older_deployment_is_listed_as_needing_a_restart_and_one_from_the_default_is_not()
    {
        using var work = new TempDirectory();
        var sysrootPath = BuildSysroot(work, work.Combine("sysroot"), releases: 3, shellPerRelease: true);
        var sysroot = Sysroot.Open(sysrootPath);
        sysroot.Load();
        using var old = StartShell(Path.Combine(sysroot.GetDeploymentDirectory(sysroot.Deployments[2]), "usr/bin/sh"));
        using var current = StartShell(Path.Combine(sysroot.GetDeploymentDirectory(sysroot.Deployments[0]), "usr/bin/sh"));
        try
        {
            var status = await new SystemStatusReader().ReadAsync(
                sysroot,
                new SystemStatusOptions { IncludeSpace = false, ScanProcessesWhenNotBooted = true },
                cancellationToken: TestContext.Current.CancellationToken);

            Assert.Equal(RestartCheck.Scanned, status.Restarts.Check);
            var flagged = status.Restarts.Report!.Processes.Where(p => p.ProcessId == old.Id || p.ProcessId == current.Id).ToList();
            var finding = Assert.Single(flagged);
            Assert.Equal(old.Id, finding.ProcessId);
            Assert.Equal(RestartReasons.OtherDeployment, finding.Reasons);
            Assert.Equal(status.Deployments[2].Id, Assert.Single(finding.Files[0].Deployments));
            Assert.Equal("usr/bin/sh", finding.Files[0].PathInDeployment);

            var text = SystemStatusFormatter.FormatText(status);
            Assert.Contains("files that are gone or not in the deployment that boots next", text, StringComparison.Ordinal);
            Assert.Contains(text.Split('\n'), l => l.TrimStart().StartsWith(old.Id.ToString(CultureInfo.InvariantCulture) + "  sh", StringComparison.Ordinal));
            Assert.Empty(Schema.Validate(JsonDocument.Parse(SystemStatusFormatter.FormatJson(status)).RootElement));
        }
        finally
        {
            old.Kill();
            current.Kill();
        }
    }

    [Fact]
    public void Status_without_restarts_or_on_a_sysroot_with_no_deployment_still_follows_the_schema()
    {
        using var work = new TempDirectory();
        var sysrootPath = work.Combine("sysroot");
        Directory.CreateDirectory(sysrootPath);
        Repository.Create(Path.Combine(sysrootPath, "ostree", "repo"), RepositoryMode.BareUserOnly);
        Sysroot.InitializeFileSystem(sysrootPath);

        var root = JsonDocument.Parse(Otree.Check("status", $"--sysroot={sysrootPath}", "--json", "--no-restarts")).RootElement;
        Assert.Empty(Schema.Validate(root));
        Assert.Equal(JsonValueKind.Null, root.GetProperty("referenceIndex").ValueKind);
        Assert.Equal("skipped", root.GetProperty("restarts").GetProperty("check").GetString());
        Assert.StartsWith("No OS images are deployed", Otree.Check("status", $"--sysroot={sysrootPath}"), StringComparison.Ordinal);

        var missing = Otree.Run("status", $"--sysroot={work.Combine("nowhere")}");
        Assert.Equal(1, missing.ExitCode);
        Assert.StartsWith("otree: error: ", missing.StandardError, StringComparison.Ordinal);
        Assert.Single(missing.StandardError.Trim().Split('\n'));
    }

    [Fact]
    public void Json_with_every_optional_part_filled_validates_and_the_validator_rejects_what_the_schema_forbids()
    {
        var unit = new SystemdUnit("sshd.service", SystemdUnitScope.System, null);
        var file = new MappedFile("/usr/lib/libfoo.so", "254:1", 42, false, RestartReasons.Deleted | RestartReasons.OtherDeployment, ["a.0"], "usr/lib/libfoo.so", Objects.Checksum.Compute([1]));
        var status = new SystemStatus
        {
            SysrootPath = "/",
            IsBooted = true,
            ReferenceIndex = 0,
            Deployments =
            [
                new DeploymentStatus
                {
                    Index = 0, Id = new string('a', 64) + ".0", OsName = "os", Checksum = new string('a', 64), Serial = 0, Path = "/a",
                    IsBooted = true, IsPending = false, IsRollback = false, IsDefault = true, IsPinned = true, IsReference = true,
                    Timestamp = DateTimeOffset.UnixEpoch, Version = "1", PackageCount = null, PackageError = "no database",
                    Space = new DeploymentSpaceFigures { Id = "a.0", TotalBytes = 10, SharedBytes = 10, ExclusiveBytes = 0, FreedIfDeletedBytes = 0 },
                },
            ],
            Space = new SysrootSpace { Method = "btrfs-qgroups", Deployments = [], BeyondReferenceBytes = 0, FreedIfAllOthersDeletedBytes = 0, TotalBytes = 10 },
            Restarts = new RestartStatus
            {
                Check = RestartCheck.Scanned,
                Report = new RestartReport([new ProcessFinding(10, 1, 0, "sshd", null, unit, file.Reasons, [file])], [unit], 100, 1),
            },
        };
        var json = SystemStatusFormatter.FormatJson(status);
        var root = JsonDocument.Parse(json).RootElement;
        Assert.Empty(Schema.Validate(root));
        Assert.Contains("1 running program uses files", SystemStatusFormatter.FormatHeadline(status), StringComparison.Ordinal);

        Assert.NotEmpty(Schema.Validate(JsonDocument.Parse(json.Replace("\"schemaVersion\": 1", "\"schemaVersion\": 2", StringComparison.Ordinal)).RootElement));
        Assert.NotEmpty(Schema.Validate(JsonDocument.Parse(json.Replace("\"pinned\": true", "\"pinned\": true, \"extra\": 1", StringComparison.Ordinal)).RootElement));
        Assert.NotEmpty(Schema.Validate(JsonDocument.Parse(json.Replace("\"scope\": \"system\"", "\"scope\": \"session\"", StringComparison.Ordinal)).RootElement));
        Assert.NotEmpty(Schema.Validate(JsonDocument.Parse(json.Replace("\"headline\":", "\"headlines\":", StringComparison.Ordinal)).RootElement));
    }

    [Theory]
    [InlineData(0, "0 B")]
    [InlineData(1023, "1023 B")]
    [InlineData(1024, "1.0 KiB")]
    [InlineData(1536, "1.5 KiB")]
    [InlineData(5L * 1024 * 1024 * 1024, "5.0 GiB")]
    public void Sizes_are_in_binary_units(long bytes, string expected) => Assert.Equal(expected, SystemStatusFormatter.FormatSize(bytes));

    /// <summary>du -s -B1 over the directories: one figure per argument, an inode counted under the first that has it.</summary>
    private static long[] Du(params string[] dirs)
        => Tool.Run("du", ["-s", "-B1", "-x", .. dirs]).EnsureSuccess("du").StandardOutput
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => long.Parse(l.Split('\t')[0], CultureInfo.InvariantCulture))
            .ToArray();

    private static long Du(string dir) => Du([dir])[0];

    /// <summary>A shell from a deployment that waits on its standard input (held open by the test) until killed.</summary>
    private static System.Diagnostics.Process StartShell(string shell)
    {
        var start = new System.Diagnostics.ProcessStartInfo(shell) { RedirectStandardInput = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("read line");
        var process = System.Diagnostics.Process.Start(start)!;
        // The scan must see the shell itself, not a process that has not exec'd yet.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (new FileInfo($"/proc/{process.Id}/exe").LinkTarget != shell && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(10);
        }

        return process;
    }

    /// <summary>"Data ... used=" of <c>btrfs filesystem df -b</c>, after a sync.</summary>
    private static long DataUsed(string mountPoint)
    {
        Tool.Check("btrfs", "filesystem", "sync", mountPoint);
        var line = Tool.Check("btrfs", "filesystem", "df", "-b", mountPoint).Split('\n').First(l => l.StartsWith("Data,", StringComparison.Ordinal));
        return long.Parse(line[(line.IndexOf("used=", StringComparison.Ordinal) + 5)..].Trim(), CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// A sysroot with <paramref name="releases"/> deployments of stateroot <c>os</c>, made by the library's deploy as
    /// a distribution tool would (bare-user-only repository, so no root is needed); the third is pinned and the newest
    /// has an edited /etc.
    /// </summary>
    private static string BuildSysroot(TempDirectory work, string sysrootPath, int releases, SysrootOptions? options = null, bool shellPerRelease = false)
    {
        Directory.CreateDirectory(sysrootPath);
        Repository.Create(Path.Combine(sysrootPath, "ostree", "repo"), RepositoryMode.BareUserOnly);
        var sysroot = Sysroot.InitializeFileSystem(sysrootPath, options: options);
        sysroot.InitializeStateRoot("os");
        var repo = Repository.Open(sysroot.RepositoryPath);
        for (var k = 1; k <= releases; k++)
        {
            var tree = work.Combine("trees", k.ToString(CultureInfo.InvariantCulture));
            foreach (var dir in new[] { "usr/bin", "usr/etc", "usr/lib/modules/6.1.0-test", "usr/share/os", "var/lib/dpkg" })
            {
                Directory.CreateDirectory(Path.Combine(tree, dir));
            }

            File.WriteAllText(Path.Combine(tree, "usr/lib/os-release"), $"ID=testos\nPRETTY_NAME=\"Test OS {k}\"\n");
            File.WriteAllText(Path.Combine(tree, "usr/lib/modules/6.1.0-test/vmlinuz"), "kernel\n");
            File.WriteAllText(Path.Combine(tree, "usr/etc/app.conf"), "setting=1\n");
            // The real shell; with shellPerRelease each release's differs by trailing bytes (ELF loaders ignore them).
            File.WriteAllBytes(Path.Combine(tree, "usr/bin/sh"), [.. File.ReadAllBytes("/bin/sh"), .. shellPerRelease ? Encoding.ASCII.GetBytes($"release {k}\n") : []]);
            if (OperatingSystem.IsLinux())
            {
                File.SetUnixFileMode(Path.Combine(tree, "usr/bin/sh"), (UnixFileMode)0b111_101_101);
            }
            var data = new byte[64 * 1024];
            new Random(k).NextBytes(data);
            File.WriteAllBytes(Path.Combine(tree, "usr/share/os/data.bin"), data);

            var status = new StringBuilder();
            void Package(string name, string version) => status.Append(CultureInfo.InvariantCulture, $"Package: {name}\nStatus: install ok installed\nArchitecture: all\nVersion: {version}\n\n");
            Package("a", "1.0-1");
            Package("b", $"{k}.0-1");
            for (var e = 0; e < k; e++)
            {
                Package($"e{e}", "1.0-1");
            }

            Package(k >= 3 ? "c" : "d", "1.0-1");
            File.WriteAllText(Path.Combine(tree, "var/lib/dpkg/status"), status.ToString());

            repo.CommitDirectory(tree, new CommitOptions
            {
                Branch = "os/stable",
                Subject = $"Test OS {k}",
                Version = $"{k}.0",
                Timestamp = DateTimeOffset.UnixEpoch.AddDays(k),
                OwnerUid = 0,
                OwnerGid = 0,
            });
            sysroot.Deploy(new DeployOptions { OsName = "os", Commit = "os/stable", Retain = true });
        }

        sysroot.SetPinned(2, pinned: true);
        File.AppendAllText(Path.Combine(sysroot.GetDeploymentDirectory(sysroot.Deployments[0]), "etc", "app.conf"), "setting=2\n");
        return sysrootPath;
    }
}
