using System.Runtime.InteropServices;
using System.Security.Cryptography;
using OsTree.TestSupport;

namespace OsTree.Core.Tests.Usage;

/// <summary>
/// A hand-made hard-link sysroot as libostree lays it out: content objects in <c>repo/objects/XX/….file</c>, each
/// deployment a tree of hard links to them with its own copied <c>etc</c>; every next deployment is <c>cp -al</c> of
/// the previous one with a fraction of its files replaced by write + rename (never modified in place).
/// </summary>
internal sealed partial class HardLinkSysroot
{
    private readonly Random _random;

    private HardLinkSysroot(string root, int seed)
    {
        Root = root;
        _random = new Random(seed);
        ObjectsPath = Path.Combine(root, "repo", "objects");
        Directory.CreateDirectory(ObjectsPath);
    }

    public string Root { get; }

    public string RepositoryPath => Path.Combine(Root, "repo");

    public string ObjectsPath { get; }

    public List<string> Deployments { get; } = [];

    public List<string> DanglingObjects { get; } = [];

    public static HardLinkSysroot Create(string root, int files, int deployments, double replaced, int dangling, int seed = 7)
    {
        var sysroot = new HardLinkSysroot(root, seed);
        var first = Path.Combine(root, "deploy", "d0");
        for (var i = 0; i < files; i++)
        {
            var relative = $"usr/lib/dir{i % 23}/file{i}";
            sysroot.AddFile(first, relative);
        }

        for (var i = 0; i < 5; i++)
        {
            sysroot.AddFile(first, $"usr/etc/conf{i}");
        }

        Directory.CreateSymbolicLink(Path.Combine(first, "lib"), "usr/lib");
        sysroot.CopyEtc(first);
        sysroot.Deployments.Add(first);
        for (var d = 1; d < deployments; d++)
        {
            var previous = sysroot.Deployments[^1];
            var next = Path.Combine(root, "deploy", $"d{d}");
            Tool.Check("cp", "-al", previous, next);
            sysroot.CopyEtc(next);
            var candidates = Directory.GetFiles(Path.Combine(next, "usr", "lib"), "*", SearchOption.AllDirectories);
            foreach (var path in candidates.OrderBy(_ => sysroot._random.Next()).Take((int)(candidates.Length * replaced)))
            {
                sysroot.ReplaceFile(next, Path.GetRelativePath(next, path));
            }

            sysroot.Deployments.Add(next);
        }

        for (var i = 0; i < dangling; i++)
        {
            sysroot.DanglingObjects.Add(sysroot.WriteObject(sysroot.RandomContent()));
        }

        return sysroot;
    }

    private void AddFile(string deployment, string relative)
    {
        var target = Path.Combine(deployment, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        Link(WriteObject(RandomContent()), target);
    }

    // Write + rename, as a checkout of a new commit would produce: the old inode stays in the older deployments.
    private void ReplaceFile(string deployment, string relative)
    {
        var target = Path.Combine(deployment, relative);
        var temporary = target + ".tmp";
        Link(WriteObject(RandomContent()), temporary);
        File.Move(temporary, target, overwrite: true);
    }

    private void CopyEtc(string deployment)
    {
        var etc = Path.Combine(deployment, "etc");
        if (Directory.Exists(etc))
        {
            Directory.Delete(etc, recursive: true);
        }

        Tool.Check("cp", "-a", Path.Combine(deployment, "usr", "etc"), etc);
    }

    private byte[] RandomContent()
    {
        var roll = _random.Next(100);
        var size = roll < 20 ? _random.Next(1, 1024) : roll < 90 ? _random.Next(4096, 20000) : _random.Next(100_000, 300_000);
        var bytes = new byte[size];
        _random.NextBytes(bytes);
        return bytes;
    }

    private string WriteObject(byte[] content)
    {
        var hex = Convert.ToHexStringLower(SHA256.HashData(content));
        var directory = Path.Combine(ObjectsPath, hex[..2]);
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, hex[2..] + ".file");
        File.WriteAllBytes(path, content);
        return path;
    }

    public static void Link(string existing, string newPath)
    {
        if (LinkNative(existing, newPath) != 0)
        {
            throw new IOException($"link '{existing}' '{newPath}': errno {Marshal.GetLastPInvokeError()}");
        }
    }

    [LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int LinkNative(string existing, string newPath);
}
