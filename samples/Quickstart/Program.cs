using System.Diagnostics;
using System.Text;
using OsTree.Deployments;
using OsTree.Packaging;
using OsTree.Packaging.Status;
using OsTree.Repositories;
using OsTree.Transport;
using OsTree.Trees;

// OsTree.NET quickstart: what a distribution's tools do, end to end, as a normal user and offline.
//   1. The distribution builds two OS images from real files (the second an upgrade of the first, each with a real
//      dpkg database) and commits them to its build repository, as it would publish them.
//   2. A machine's sysroot pulls each image and deploys it, exactly as an update would: two deployments, /etc merged.
//   3. The administrator edits a config file in /etc of the new deployment.
//   4. `otree status` shows the images, their space, their package differences and what needs a restart.
// Everything is made with the library calls a distribution tool would use; nothing is special-cased for the demo.
var clock = Stopwatch.StartNew();
var root = args.Length > 0 ? Path.GetFullPath(args[0]) : Path.Combine(Path.GetTempPath(), "ostree-net-quickstart");
RemovePreviousRun(root);
Directory.CreateDirectory(root);

// The distribution's build repository. archive is the mode a repository served over HTTP uses.
var buildRepoPath = Path.Combine(root, "repo");
var buildRepo = Repository.Create(buildRepoPath, RepositoryMode.Archive);
Console.WriteLine($"Build repository (archive, as a distribution publishes it): {buildRepoPath}");

// The machine's sysroot, laid out as `ostree admin init-fs` lays it out. Its repository is bare-user-only: objects
// owned by whoever runs this, the files' owners canonicalized to root, deployments checked out in user mode. That is
// the mode libostree and this library use for sysroots a normal user owns; a real machine uses bare, as root.
var sysrootPath = Path.Combine(root, "sysroot");
Directory.CreateDirectory(sysrootPath);
Repository.Create(Path.Combine(sysrootPath, "ostree", "repo"), RepositoryMode.BareUserOnly);
var sysroot = Sysroot.InitializeFileSystem(sysrootPath);
sysroot.InitializeStateRoot("quickstart");
var sysrootRepo = Repository.Open(sysroot.RepositoryPath);
Console.WriteLine($"Sysroot (as `ostree admin init-fs` makes it, repository bare-user-only): {sysrootPath}");

var images = Path.Combine(root, "images");
var releases = new[] { ("1.0", false), ("2.0", true) };
var when = new DateTimeOffset(2026, 1, 15, 12, 0, 0, TimeSpan.Zero);
foreach (var (version, upgrade) in releases)
{
    var tree = Path.Combine(images, version);
    BuildImage(tree, version, upgrade);
    var commit = buildRepo.CommitDirectory(tree, new CommitOptions
    {
        Branch = "quickstart/stable",
        Subject = $"Quickstart OS {version}",
        Version = version,
        Timestamp = when,
        OwnerUid = 0, // a distribution's files belong to root, whoever runs the build (ostree commit --owner-uid=0)
        OwnerGid = 0,
    });
    when = when.AddDays(30);
    Console.WriteLine($"Committed image {version} as {commit}");

    // The machine's update: pull the new commit, deploy it (its /etc merged with the running one's), keep the old.
    await sysrootRepo.PullLocalAsync(buildRepoPath, ["quickstart/stable"]).ConfigureAwait(false);
    var deployed = sysroot.Deploy(new DeployOptions
    {
        OsName = "quickstart",
        Commit = "quickstart/stable",
        KernelArguments = upgrade ? [] : ["root=LABEL=quickstart", "quiet"],
    });
    Console.WriteLine($"Deployed {version} as {deployed.Deployment.RelativePath}");
}

// The administrator changes a setting of the new deployment; `otree admin config-diff` would list it.
var newest = sysroot.Deployments[0];
var config = Path.Combine(sysroot.GetDeploymentDirectory(newest), "etc", "quickstart.conf");
File.AppendAllText(config, "greeting=hello from the administrator\n");
Console.WriteLine($"Edited {config}");

// The administrator's view: the same call and renderer as `otree status`.
sysroot.Load();
var status = await new SystemStatusReader().ReadAsync(sysroot).ConfigureAwait(false);
Console.WriteLine();
Console.WriteLine($"$ otree status --sysroot={sysrootPath} --packages");
Console.Write(SystemStatusFormatter.FormatText(status, new SystemStatusTextOptions { ShowPackages = true, UseColor = !Console.IsOutputRedirected }));
Console.WriteLine();

Console.WriteLine($"Done in {clock.Elapsed.TotalSeconds:0.0} s. Where everything is:");
Console.WriteLine($"  {images,-40} the two image trees, as built");
Console.WriteLine($"  {buildRepoPath,-40} the build repository (ostree --repo={buildRepoPath} log quickstart/stable)");
Console.WriteLine($"  {sysrootPath,-40} the machine: ostree/repo, ostree/deploy/quickstart/deploy/*, boot/loader/entries");
Console.WriteLine("Look again with:");
Console.WriteLine($"  dotnet run --project samples/OsTree.Cli -- status --sysroot={sysrootPath} [--packages] [--json]");
Console.WriteLine($"  ostree admin status --sysroot={sysrootPath}");
Console.WriteLine(Environment.IsPrivilegedProcess
    ? $"Remove it all with: chattr -i {sysrootPath}/ostree/deploy/quickstart/deploy/*/ && rm -rf {root}"
    : $"Remove it all with: rm -rf {root}");
return 0;

// A previous run's deployments may be immutable (as root); undeploying them first is what an administrator would do.
static void RemovePreviousRun(string root)
{
    if (!Directory.Exists(root))
    {
        return;
    }

    var sysrootPath = Path.Combine(root, "sysroot");
    if (Directory.Exists(Path.Combine(sysrootPath, "ostree", "deploy")))
    {
        var old = Sysroot.Open(sysrootPath);
        old.Load();
        while (old.Deployments.Count > 0)
        {
            old.Undeploy(old.Deployments.Count - 1);
        }
    }

    Directory.Delete(root, recursive: true);
}

// An OS image made of real files from this machine: programs, os-release, a kernel placeholder, /usr/etc, and a dpkg
// database whose stanzas are the first installed packages of this machine's own /var/lib/dpkg/status (or a small
// built-in set). 2.0 upgrades every third package, removes the first, adds one, and replaces a data file.
static void BuildImage(string dir, string version, bool upgrade)
{
    foreach (var sub in new[] { "usr/bin", "usr/etc", "usr/lib/modules/6.1.0-quickstart", "usr/share/quickstart", "var/lib/dpkg/info", "var/lib/dpkg/updates" })
    {
        Directory.CreateDirectory(Path.Combine(dir, sub));
    }

    File.WriteAllText(Path.Combine(dir, "usr/lib/os-release"), $"ID=quickstart\nNAME=\"Quickstart OS\"\nPRETTY_NAME=\"Quickstart OS {version}\"\nVERSION_ID={version}\n");
    File.WriteAllText(Path.Combine(dir, "usr/etc/hostname"), "quickstart\n");
    File.WriteAllText(Path.Combine(dir, "usr/etc/quickstart.conf"), $"# Quickstart OS {version}\ncolor=blue\n");
    File.WriteAllText(Path.Combine(dir, "usr/lib/modules/6.1.0-quickstart/vmlinuz"), $"Quickstart OS {version}: a placeholder where the kernel goes; deploy copies it to /boot\n");
    File.WriteAllText(Path.Combine(dir, "usr/bin/hello"), $"#!/bin/sh\necho 'hello from Quickstart OS {version}'\n");
    if (!OperatingSystem.IsWindows())
    {
        File.SetUnixFileMode(Path.Combine(dir, "usr/bin/hello"), (UnixFileMode)0b111_101_101);
    }

    // Real programs, the same bytes in both images: the repository stores them once and both deployments link them.
    foreach (var program in new[] { "sh", "bash", "ls", "cat", "cp", "tar", "gzip", "grep", "sed", "find" })
    {
        var source = new FileInfo("/usr/bin/" + program);
        if (source.Exists && (source.ResolveLinkTarget(returnFinalTarget: true) ?? source) is FileInfo { Exists: true } real)
        {
            real.CopyTo(Path.Combine(dir, "usr/bin", program), overwrite: true);
        }
    }

    // A data file that changes with the release: what each deployment has on its own.
    var data = new byte[512 * 1024];
    new Random(upgrade ? 2 : 1).NextBytes(data);
    File.WriteAllBytes(Path.Combine(dir, "usr/share/quickstart/data.bin"), data);

    var stanzas = ReadInstalledStanzas(12);
    var status = new StringBuilder();
    for (var i = 0; i < stanzas.Count; i++)
    {
        var stanza = stanzas[i];
        if (upgrade && i == 0)
        {
            continue; // removed in 2.0
        }

        if (upgrade && i % 3 == 1)
        {
            stanza = BumpVersion(stanza); // upgraded in 2.0
        }

        status.Append(stanza).Append('\n');
    }

    if (upgrade)
    {
        status.Append("Package: quickstart-tools\nStatus: install ok installed\nPriority: optional\nArchitecture: all\nVersion: 2.0-1\nDescription: added in Quickstart OS 2.0\n\n");
    }

    File.WriteAllText(Path.Combine(dir, "var/lib/dpkg/status"), status.ToString());
}

static List<string> ReadInstalledStanzas(int count)
{
    var text = File.Exists("/var/lib/dpkg/status") ? File.ReadAllText("/var/lib/dpkg/status") : string.Empty;
    var stanzas = text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
        .Select(s => s.Trim('\n'))
        .Where(s => s.Contains("\nStatus: install ok installed", StringComparison.Ordinal) && s.StartsWith("Package: ", StringComparison.Ordinal))
        .Take(count)
        .Select(s => s + "\n")
        .ToList();
    if (stanzas.Count == 0)
    {
        for (var i = 0; i < count; i++)
        {
            stanzas.Add($"Package: demo{i}\nStatus: install ok installed\nArchitecture: all\nVersion: 1.{i}-1\nDescription: demo package {i}\n");
        }
    }

    return stanzas;
}

static string BumpVersion(string stanza)
{
    var lines = stanza.Split('\n').Select(l => l.StartsWith("Version: ", StringComparison.Ordinal) ? l + "+quickstart1" : l);
    return string.Join('\n', lines);
}
