using System.Globalization;
using OsTree.TestSupport;

namespace OsTree.Core.Tests.Usage;

/// <summary>
/// A sysroot made by the real <c>ostree admin</c>: <c>init-fs</c>, <c>os-init</c>, then one commit per image (each a
/// copy of the previous one with a fraction of its files rewritten) deployed with <c>--retain</c>, newest first.
/// </summary>
internal static class OstreeSysrootFixture
{
    public static string Create(string root, int images, int files, double replaced, int seed = 11)
    {
        var sysroot = Path.Combine(root, "sysroot");
        Directory.CreateDirectory(sysroot);
        Tool.Check("ostree", "admin", "init-fs", sysroot);
        Tool.Check("ostree", "admin", "os-init", "--sysroot=" + sysroot, "testos");
        var repo = Path.Combine(sysroot, "ostree", "repo");
        var random = new Random(seed);
        var tree = Path.Combine(root, "tree");
        WriteBase(tree, files, random);
        for (var i = 0; i < images; i++)
        {
            if (i > 0)
            {
                var all = Directory.GetFiles(Path.Combine(tree, "usr", "share"), "*", SearchOption.AllDirectories);
                foreach (var path in all.OrderBy(_ => random.Next()).Take((int)(all.Length * replaced)))
                {
                    File.WriteAllBytes(path, RandomBytes(random));
                }
            }

            var branch = "testos/image" + i.ToString(CultureInfo.InvariantCulture);
            Tool.Check("ostree", "--repo=" + repo, "commit", "-b", branch, "--tree=dir=" + tree, "--timestamp=2026-01-01T00:00:00Z");
            Tool.Check("ostree", "admin", "deploy", "--sysroot=" + sysroot, "--os=testos", "--retain", "--karg=root=LABEL=rootfs", branch);
        }

        return sysroot;
    }

    private static void WriteBase(string tree, int files, Random random)
    {
        var modules = Path.Combine(tree, "usr", "lib", "modules", "5.10.0-test");
        Directory.CreateDirectory(modules);
        File.WriteAllText(Path.Combine(modules, "vmlinuz"), "kernel");
        File.WriteAllText(Path.Combine(modules, "initramfs.img"), "initramfs");
        File.WriteAllText(Path.Combine(tree, "usr", "lib", "os-release"), "ID=testos\nPRETTY_NAME=\"Test OS\"\n");
        Directory.CreateDirectory(Path.Combine(tree, "usr", "etc"));
        File.WriteAllText(Path.Combine(tree, "usr", "etc", "hostname"), "test\n");
        for (var i = 0; i < files; i++)
        {
            var path = Path.Combine(tree, "usr", "share", "d" + (i % 17).ToString(CultureInfo.InvariantCulture), "f" + i.ToString(CultureInfo.InvariantCulture));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, RandomBytes(random));
        }
    }

    private static byte[] RandomBytes(Random random)
    {
        var roll = random.Next(100);
        var bytes = new byte[roll < 25 ? random.Next(1, 2048) : roll < 90 ? random.Next(4096, 24000) : random.Next(60_000, 200_000)];
        random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>
    /// Every inode under <paramref name="root"/> (one filesystem) with its blocks and paths, keyed by inode number and
    /// birth time, since a cleanup reuses the numbers of the inodes it frees for the files it writes next.
    /// </summary>
    public static Dictionary<string, (long Blocks, List<string> Paths)> Inodes(string root)
    {
        var inodes = new Dictionary<string, (long Blocks, List<string> Paths)>();
        foreach (var line in Tool.Check("find", root, "-xdev", "-exec", "stat", "--printf", "%i/%w %b %n\\n", "{}", "+").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            // "INODE/YYYY-MM-DD HH:MM:SS.NS +ZONE BLOCKS PATH": the birth time has two spaces of its own.
            var parts = line.Split(' ', 5);
            parts = [parts[0] + parts[1] + parts[2], parts[3], parts[4]];
            if (!inodes.TryGetValue(parts[0], out var entry))
            {
                inodes[parts[0]] = entry = (long.Parse(parts[1], CultureInfo.InvariantCulture) * 512, []);
            }

            entry.Paths.Add(parts[2]);
        }

        return inodes;
    }
}
