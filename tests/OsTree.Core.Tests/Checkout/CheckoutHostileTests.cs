using System.Security.Cryptography;
using OsTree.Checkout;
using OsTree.GVariant;
using OsTree.Objects;
using OsTree.Repositories;
using OsTree.TestSupport;

namespace OsTree.Core.Tests.Checkout;

/// <summary>
/// Repositories and targets built to make a checkout write outside its target: crafted dirtrees (names <c>..</c>,
/// <c>/</c>, <c>a/b</c>, a symbolic link and a directory of the same name), a later layer that puts a directory where
/// an earlier one left a symbolic link to the outside, and union checkouts into targets full of such links. In every
/// case nothing outside the target changes and the error names the offending path.
/// </summary>
public sealed class CheckoutHostileTests : IDisposable
{
    private readonly TempDirectory _temp = new("checkout-hostile");
    private readonly string _repo;
    private readonly string _outside;

    public CheckoutHostileTests()
    {
        _repo = _temp.Combine("repo");
        _outside = _temp.Combine("outside");
    }

    public void Dispose() => _temp.Dispose();

    private void Setup()
    {
        Requires.Tool("ostree", "setfattr");
        Requires.UserXattrs(_temp.Path);
        Tool.Shell($"""
            mkdir -p {_outside}/dir && printf 'precious\n' >{_outside}/file && printf 'deep\n' >{_outside}/dir/deep
            mkdir -p t/usr/lib t/d && printf 'hello\n' >t/hello.txt && ln -s hello.txt t/link && printf x >t/x && : >t/empty
            printf 'lib\n' >t/usr/lib/libc.so && printf 'in d\n' >t/d/inner
            mkdir -p l1 && ln -s {_outside}/dir l1/escape
            mkdir -p l2/escape && printf 'pwned\n' >l2/escape/pwned
            mkdir -p wh && : >wh/.wh.d && : >wh/.wh.hello.txt
            ostree init --repo={_repo} --mode=bare-user
            for b in t l1 l2 wh; do ostree commit --repo={_repo} -b $b --no-bindings -s $b $b >/dev/null; done
            """, _temp.Path).EnsureSuccess("building the repository");
    }

    private string Snapshot() => Tool.Check("find", _outside, "-printf", "%P %y %s %m %T@\n") + string.Join(
        '\n', Directory.EnumerateFiles(_outside, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Select(f => f + " " + Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f)))));

    private Checksum Rev(string branch) => Checksum.Parse(Tool.Check("ostree", "rev-parse", $"--repo={_repo}", branch).Trim());

    private CheckoutResult Checkout(Checksum commit, string destination, CheckoutOptions? options = null)
    {
        return Repository.Open(_repo).Checkout(commit, destination, (options ?? new CheckoutOptions()) with { UserMode = true }, TestContext.Current.CancellationToken);
    }

    private Checksum WriteObject(byte[] bytes, ObjectType type)
    {
        var checksum = Checksum.Compute(bytes);
        var path = Path.Combine(_repo, "objects", ObjectName.GetPathInObjects(checksum, type, RepositoryMode.BareUser));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return checksum;
    }

    /// <summary>Serializes a dirtree exactly as given: no sorting, no name checks (what a hostile server would send).</summary>
    private Checksum WriteRawDirTree((string Name, Checksum Content)[] files, (string Name, Checksum Tree, Checksum Meta)[] directories)
    {
        using var writer = new GVariantWriter(GVariantType.Parse("(a(say)a(sayay))"));
        writer.BeginTuple();
        writer.BeginArray();
        foreach (var (name, content) in files)
        {
            writer.BeginTuple();
            writer.WriteString(name);
            writer.WriteBytes(content.ToByteArray());
            writer.EndTuple();
        }

        writer.EndArray();
        writer.BeginArray();
        foreach (var (name, tree, meta) in directories)
        {
            writer.BeginTuple();
            writer.WriteString(name);
            writer.WriteBytes(tree.ToByteArray());
            writer.WriteBytes(meta.ToByteArray());
            writer.EndTuple();
        }

        writer.EndArray();
        writer.EndTuple();
        return WriteObject(writer.ToArray(), ObjectType.DirTree);
    }

    private Checksum WriteCommit(Checksum rootTree, Checksum rootMeta)
        => WriteObject(new Commit(rootTree, rootMeta, 1577836800, "crafted").Serialize(), ObjectType.Commit);

    private (DirTree Root, Commit Commit) ReadBase()
    {
        using var source = new CheckoutSource(Repository.Open(_repo));
        var commit = source.ReadCommit(Rev("t"));
        return (source.ReadDirTree(commit.RootTree), commit);
    }

    [Theory]
    [InlineData("..", false)]
    [InlineData(".", false)]
    [InlineData("/", false)]
    [InlineData("a/b", false)]
    [InlineData("../escape", false)]
    [InlineData("..", true)]
    [InlineData("/", true)]
    [InlineData("../../escape", true)]
    public void A_dirtree_name_that_leaves_its_directory_is_refused(string name, bool asDirectory)
    {
        Setup();
        var (root, commit) = ReadBase();
        var hello = root.Files.Single(f => f.Name == "hello.txt").Checksum;
        var usr = root.Directories.Single(d => d.Name == "usr");

        // The hostile entry sits two levels down, in usr/lib, so the message must name that path.
        var lib = WriteRawDirTree(asDirectory ? [] : [(name, hello)], asDirectory ? [(name, usr.TreeChecksum, usr.MetaChecksum)] : []);
        var usrTree = WriteRawDirTree([], [("lib", lib, usr.MetaChecksum)]);
        var crafted = WriteCommit(WriteRawDirTree([("hello.txt", hello)], [("usr", usrTree, usr.MetaChecksum)]), commit.RootMeta);
        var before = Snapshot();
        var listing = Directory.GetFileSystemEntries(_temp.Path).Order(StringComparer.Ordinal).ToArray();

        var error = Assert.Throws<InvalidDataException>(() => Checkout(crafted, _temp.Combine("co")));

        Assert.Contains("usr/lib", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{name}'", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot());
        Assert.Equal(listing.Append(_temp.Combine("co")).Order(StringComparer.Ordinal), Directory.GetFileSystemEntries(_temp.Path).Order(StringComparer.Ordinal));
        Assert.False(File.Exists(_temp.Combine("co", "usr", "hello.txt")));
        Assert.False(File.Exists(_temp.Combine("hello.txt")));
    }

    [Fact]
    public void A_symbolic_link_and_a_directory_of_the_same_name_are_refused()
    {
        Setup();
        var (_, commit) = ReadBase();
        using var source = new CheckoutSource(Repository.Open(_repo));
        var escapeLink = source.ReadDirTree(source.ReadCommit(Rev("l1")).RootTree).Files.Single();
        var escapeDir = source.ReadDirTree(source.ReadCommit(Rev("l2")).RootTree).Directories.Single();
        var crafted = WriteCommit(WriteRawDirTree([(escapeLink.Name, escapeLink.Checksum)], [(escapeDir.Name, escapeDir.TreeChecksum, escapeDir.MetaChecksum)]), commit.RootMeta);
        var before = Snapshot();

        var error = Assert.ThrowsAny<Exception>(() => Checkout(crafted, _temp.Combine("co"), new CheckoutOptions { OverwriteMode = CheckoutOverwriteMode.UnionFiles }));

        Assert.True(error is InvalidDataException or CheckoutException, error.ToString());
        Assert.Contains("escape", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot());
        Assert.False(File.Exists(Path.Combine(_outside, "dir", "pwned")));
    }

    [Theory]
    [InlineData(CheckoutOverwriteMode.UnionFiles, false)]
    [InlineData(CheckoutOverwriteMode.AddFiles, false)]
    [InlineData(CheckoutOverwriteMode.UnionFiles, true)]
    public void A_later_layer_never_writes_through_a_link_an_earlier_layer_left(CheckoutOverwriteMode mode, bool whiteouts)
    {
        Setup();
        var target = _temp.Combine("co");
        Checkout(Rev("l1"), target);
        Assert.Equal(Path.Combine(_outside, "dir"), new FileInfo(Path.Combine(target, "escape")).LinkTarget);
        var before = Snapshot();

        var error = Assert.Throws<CheckoutException>(() => Checkout(Rev("l2"), target, new CheckoutOptions { OverwriteMode = mode, ProcessWhiteouts = whiteouts }));

        Assert.Equal("escape", error.Path);
        Assert.Contains("'escape'", error.Message, StringComparison.Ordinal);
        Assert.Contains("symbolic link", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot());
        Assert.False(File.Exists(Path.Combine(_outside, "dir", "pwned")));
    }

    [Theory]
    [InlineData(CheckoutOverwriteMode.UnionFiles)]
    [InlineData(CheckoutOverwriteMode.AddFiles)]
    public void A_union_checkout_into_a_target_full_of_links_to_the_outside_touches_nothing_outside(CheckoutOverwriteMode mode)
    {
        Setup();
        var target = _temp.Combine("co");
        Directory.CreateDirectory(target);
        File.CreateSymbolicLink(Path.Combine(target, "hello.txt"), Path.Combine(_outside, "file"));
        File.CreateSymbolicLink(Path.Combine(target, "x"), Path.Combine(_outside, "x-would-be-created"));
        File.CreateSymbolicLink(Path.Combine(target, "empty"), Path.Combine(_outside, "empty-would-be-created"));
        File.CreateSymbolicLink(Path.Combine(target, "link"), _outside);
        File.CreateSymbolicLink(Path.Combine(target, "usr"), Path.Combine(_outside, "dir"));
        File.CreateSymbolicLink(Path.Combine(target, "d"), Path.Combine(_outside, "dir"));
        var before = Snapshot();

        var error = Assert.Throws<CheckoutException>(() => Checkout(Rev("t"), target, new CheckoutOptions { OverwriteMode = mode }));

        Assert.Contains(error.Path, new[] { "usr", "d" });
        Assert.Contains($"'{error.Path}'", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot());
        if (mode == CheckoutOverwriteMode.UnionFiles)
        {
            // Files replace the links themselves.
            Assert.Equal("hello\n", File.ReadAllText(Path.Combine(target, "hello.txt")));
            Assert.Null(new FileInfo(Path.Combine(target, "hello.txt")).LinkTarget);
            Assert.Null(new FileInfo(Path.Combine(target, "empty")).LinkTarget);
        }
    }

    [Fact]
    public void Whiteouts_remove_links_to_the_outside_without_following_them()
    {
        Setup();
        var target = _temp.Combine("co");
        Directory.CreateDirectory(target);
        File.CreateSymbolicLink(Path.Combine(target, "d"), Path.Combine(_outside, "dir"));
        File.CreateSymbolicLink(Path.Combine(target, "hello.txt"), Path.Combine(_outside, "file"));
        var before = Snapshot();

        var result = Checkout(Rev("wh"), target, new CheckoutOptions { OverwriteMode = CheckoutOverwriteMode.UnionFiles, ProcessWhiteouts = true });

        Assert.Equal(2, result.WhiteoutsApplied);
        Assert.False(Path.Exists(Path.Combine(target, "d")));
        Assert.False(Path.Exists(Path.Combine(target, "hello.txt")));
        Assert.Equal(before, Snapshot());
    }

    [Fact]
    public void A_new_checkout_over_an_existing_name_names_it()
    {
        Setup();
        var target = _temp.Combine("co");
        Checkout(Rev("t"), target);

        var error = Assert.Throws<CheckoutException>(() => Checkout(Rev("t"), target));

        Assert.Contains("co", error.Message, StringComparison.Ordinal);
        Assert.Contains("already exists", error.Message, StringComparison.Ordinal);
    }
}
