using System.Text;
using OsTree.Checkout;
using OsTree.Packaging;
using OsTree.Repositories;
using OsTree.Trees;

// OsTree.NET quickstart: a repository with two OS images made from real files (the second an upgrade of the
// first, each with a dpkg database), the package diff read straight from the commits, and a hard-link checkout.
// Runs as a normal user, offline, with the same library calls a distro tool would make.
var root = args.Length > 0 ? Path.GetFullPath(args[0]) : Path.Combine(Path.GetTempPath(), "ostree-net-quickstart");
if (Directory.Exists(root))
{
    Directory.Delete(root, recursive: true);
}

Directory.CreateDirectory(root);
var repoPath = Path.Combine(root, "repo");
var repo = Repository.Create(repoPath, RepositoryMode.BareUser);
Console.WriteLine($"Repository (bare-user, readable by the real `ostree`): {repoPath}");

var image1 = Path.Combine(root, "images", "v1");
var image2 = Path.Combine(root, "images", "v2");
BuildImage(image1, version: "1.0", upgrade: false);
BuildImage(image2, version: "2.0", upgrade: true);

var c1 = repo.CommitDirectory(image1, new CommitOptions { Branch = "quickstart/stable", Subject = "Quickstart OS 1.0", Version = "1.0" });
var c2 = repo.CommitDirectory(image2, new CommitOptions { Branch = "quickstart/stable", Subject = "Quickstart OS 2.0", Version = "2.0" });
Console.WriteLine($"Committed image 1.0 as {c1}");
Console.WriteLine($"Committed image 2.0 as {c2} (parent {repo.ReadCommit(c2).Parent})");

// Package databases are read from the commits themselves, without checking them out.
var tree1 = new CommitFileTree(repo, c1);
var tree2 = new CommitFileTree(repo, c2);
var db2 = PackageDatabase.Open(tree2);
Console.WriteLine($"Image 2.0 has {db2.ReadPackages().Count} packages ({db2.Location.Description}).");
var diff = PackageDiff.Compute(tree1, tree2);
Console.Write(PackageDiffFormatter.FormatBlock(diff, new PackageDiffEndpoint("quickstart/stable^", c1.ToString()), new PackageDiffEndpoint("quickstart/stable", c2.ToString())));

var checkout = Path.Combine(root, "checkout");
var result = repo.Checkout("quickstart/stable", checkout, new CheckoutOptions { UserMode = true });
Console.WriteLine($"Checked out image 2.0 into {checkout}: {result.HardLinks} hard links, {result.Copies} copies, {result.Directories} directories.");
Console.WriteLine();
Console.WriteLine("Try it with the real ostree as well:");
Console.WriteLine($"  ostree --repo={repoPath} log quickstart/stable");
Console.WriteLine($"  ostree --repo={repoPath} fsck");
Console.WriteLine($"Everything lives in {root}; remove it with: rm -rf {root}");
return 0;

// An OS image made of real files from this machine: os-release, a shell script, and a dpkg database whose
// stanzas are the first installed packages of this machine's own /var/lib/dpkg/status (or a small built-in set).
static void BuildImage(string dir, string version, bool upgrade)
{
    Directory.CreateDirectory(Path.Combine(dir, "usr/bin"));
    Directory.CreateDirectory(Path.Combine(dir, "usr/etc"));
    Directory.CreateDirectory(Path.Combine(dir, "usr/lib"));
    Directory.CreateDirectory(Path.Combine(dir, "var/lib/dpkg/info"));
    Directory.CreateDirectory(Path.Combine(dir, "var/lib/dpkg/updates"));
    File.WriteAllText(Path.Combine(dir, "usr/lib/os-release"), $"ID=quickstart\nPRETTY_NAME=\"Quickstart OS {version}\"\nVERSION_ID={version}\n");
    File.WriteAllText(Path.Combine(dir, "usr/etc/hostname"), "quickstart\n");
    File.WriteAllText(Path.Combine(dir, "usr/bin/hello"), $"#!/bin/sh\necho 'hello from Quickstart OS {version}'\n");
    if (!OperatingSystem.IsWindows())
    {
        File.SetUnixFileMode(Path.Combine(dir, "usr/bin/hello"), (UnixFileMode)0b111_101_101);
    }

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
