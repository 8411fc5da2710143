using System.Text;
using OsTree.Checkout;
using OsTree.Internal.Interop;
using OsTree.TestSupport;

namespace OsTree.Core.Tests.Checkout;

/// <summary>The handle-relative primitives on targets that try to make checkout write elsewhere.</summary>
public sealed class TargetIOTests : IDisposable
{
    private readonly TempDirectory _temp = new("checkout-io");
    private readonly string _target;
    private readonly string _outside;

    public TargetIOTests()
    {
        _target = _temp.Combine("target");
        _outside = _temp.Combine("outside");
        Directory.CreateDirectory(_target);
        Directory.CreateDirectory(_outside);
        File.WriteAllText(Path.Combine(_outside, "sentinel"), "keep");
    }

    public void Dispose() => _temp.Dispose();

    private static byte[] Name(string name) => Encoding.UTF8.GetBytes(name + "\0");

    private string[] OutsideListing() => Directory.EnumerateFileSystemEntries(_outside, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public void Opening_a_child_never_follows_a_symbolic_link()
    {
        File.CreateSymbolicLink(Path.Combine(_target, "usr"), _outside);
        using var root = SafeDirectoryHandle.Open(_target);

        using var child = TargetIO.TryOpenDirectory(root, Name("usr"), out var error);

        Assert.Null(child);
        Assert.True(error is Interop.Error.ELOOP or Interop.Error.ENOTDIR, error.ToString());
    }

    [Fact]
    public void Creating_a_file_over_a_dangling_symbolic_link_fails_and_creates_nothing_outside()
    {
        var victim = Path.Combine(_outside, "created-through-link");
        File.CreateSymbolicLink(Path.Combine(_target, "file"), victim);
        using var root = SafeDirectoryHandle.Open(_target);

        using var file = TargetIO.TryCreateFile(root, Name("file"), out var error);

        Assert.Null(file);
        Assert.Equal(Interop.Error.EEXIST, error);
        Assert.False(File.Exists(victim));
    }

    [Fact]
    public void Rename_replaces_a_symbolic_link_itself()
    {
        File.CreateSymbolicLink(Path.Combine(_target, "hello"), Path.Combine(_outside, "sentinel"));
        File.WriteAllText(Path.Combine(_target, "tmp"), "new");
        using var root = SafeDirectoryHandle.Open(_target);

        Assert.Equal(0, (int)TargetIO.TryRename(root, Name("tmp"), root, Name("hello"), noReplace: false));

        Assert.Equal("new", File.ReadAllText(Path.Combine(_target, "hello")));
        Assert.Null(new FileInfo(Path.Combine(_target, "hello")).LinkTarget);
        Assert.Equal("keep", File.ReadAllText(Path.Combine(_outside, "sentinel")));
    }

    [Fact]
    public void Rename_without_replace_reports_EEXIST()
    {
        File.WriteAllText(Path.Combine(_target, "a"), "a");
        File.WriteAllText(Path.Combine(_target, "b"), "b");
        using var root = SafeDirectoryHandle.Open(_target);

        Assert.Equal(Interop.Error.EEXIST, TargetIO.TryRename(root, Name("a"), root, Name("b"), noReplace: true));
        Assert.Equal("b", File.ReadAllText(Path.Combine(_target, "b")));
    }

    [Fact]
    public void RemoveTree_removes_links_and_never_what_they_point_at()
    {
        var before = OutsideListing();
        var tree = Path.Combine(_target, "tree");
        Directory.CreateDirectory(Path.Combine(tree, "sub"));
        File.WriteAllText(Path.Combine(tree, "sub", "f"), "x");
        File.CreateSymbolicLink(Path.Combine(tree, "to-dir"), _outside);
        File.CreateSymbolicLink(Path.Combine(tree, "sub", "to-file"), Path.Combine(_outside, "sentinel"));
        File.CreateSymbolicLink(Path.Combine(_target, "top-link"), _outside);
        using var root = SafeDirectoryHandle.Open(_target);

        TargetIO.RemoveTree(root, Name("tree"), () => "tree");
        TargetIO.RemoveTree(root, Name("top-link"), () => "top-link");
        TargetIO.RemoveTree(root, Name("missing"), () => "missing");

        Assert.Empty(Directory.EnumerateFileSystemEntries(_target));
        Assert.Equal(before, OutsideListing());
        Assert.Equal("keep", File.ReadAllText(Path.Combine(_outside, "sentinel")));
    }

    [Fact]
    public void Hard_link_errors_stay_distinguishable()
    {
        File.WriteAllText(Path.Combine(_target, "src"), "x");
        File.WriteAllText(Path.Combine(_target, "dst"), "y");
        using var root = SafeDirectoryHandle.Open(_target);

        Assert.Equal(0, (int)TargetIO.TryLink(root, Name("src"), root, Name("link")));
        Assert.Equal(Interop.Error.EEXIST, TargetIO.TryLink(root, Name("src"), root, Name("dst")));
        Assert.Equal(Interop.Error.ENOENT, TargetIO.TryLink(root, Name("nope"), root, Name("x")));

        // /dev/shm is a tmpfs, another device than /tmp's filesystem here.
        if (Directory.Exists("/dev/shm") && new DriveInfo("/dev/shm").DriveFormat != new DriveInfo(_target).DriveFormat)
        {
            using var shm = SafeDirectoryHandle.Open("/dev/shm");
            var name = $"ostree-net-xdev-{Guid.NewGuid():N}";
            Assert.Equal(Interop.Error.EXDEV, TargetIO.TryLink(root, Name("src"), shm, Name(name)));
        }
    }

    [Fact]
    public void Errno_maps_to_typed_exceptions_naming_the_path()
    {
        var missing = Interop.GetExceptionForError(Interop.Error.ENOENT, "openat", "usr/bin/x");
        Assert.IsType<FileNotFoundException>(missing);
        Assert.Contains("usr/bin/x", missing.Message);

        var exists = Interop.GetExceptionForError(Interop.Error.EEXIST, "linkat", "a");
        var crossDevice = Interop.GetExceptionForError(Interop.Error.EXDEV, "linkat", "a");
        var tooMany = Interop.GetExceptionForError(Interop.Error.EMLINK, "linkat", "a");
        Assert.True(Interop.IsError(exists, Interop.Error.EEXIST));
        Assert.True(Interop.IsError(crossDevice, Interop.Error.EXDEV));
        Assert.True(Interop.IsError(tooMany, Interop.Error.EMLINK));
        Assert.False(Interop.IsError(tooMany, Interop.Error.EXDEV));
        Assert.IsType<UnauthorizedAccessException>(Interop.GetExceptionForError(Interop.Error.EACCES, "openat", "a"));
        Assert.IsType<NotSupportedException>(Interop.GetExceptionForError(Interop.Error.EOPNOTSUPP, "fsetxattr", "a"));
    }

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("/")]
    [InlineData("a/b")]
    [InlineData("../etc")]
    [InlineData("a\0b")]
    public void Unsafe_names_are_refused(string name)
    {
        Assert.False(NativeNames.IsValidName(name));
        Assert.False(NativeNames.TryEncodeName(name, new byte[NativeNames.NameBufferSize]));
    }

    [Fact]
    public void Names_longer_than_NAME_MAX_are_refused()
    {
        Assert.True(NativeNames.TryEncodeName(new string('a', 255), new byte[NativeNames.NameBufferSize]));
        Assert.False(NativeNames.TryEncodeName(new string('a', 256), new byte[NativeNames.NameBufferSize]));
        Assert.False(NativeNames.TryEncodeName(new string('é', 128), new byte[NativeNames.NameBufferSize]));
    }

    [Fact]
    public void Copy_uses_the_kernel_and_keeps_every_byte()
    {
        var data = new byte[3 * 1024 * 1024 + 17];
        new Random(42).NextBytes(data);
        File.WriteAllBytes(Path.Combine(_target, "big"), data);
        using var root = SafeDirectoryHandle.Open(_target);
        using (var source = TargetIO.TryOpenRead(root, Name("big"), out _))
        using (var destination = TargetIO.TryCreateFile(root, Name("copy"), out _))
        {
            Assert.NotNull(source);
            Assert.NotNull(destination);
            TargetIO.CopyData(source, destination, data.Length, "copy");
        }

        Assert.Equal(data, File.ReadAllBytes(Path.Combine(_target, "copy")));
    }

    [Fact]
    public void Metadata_is_applied_through_the_handle()
    {
        using var root = SafeDirectoryHandle.Open(_target);
        Assert.Equal(0, (int)TargetIO.TryMakeDirectory(root, Name("d")));
        using (var d = TargetIO.TryOpenDirectory(root, Name("d"), out _))
        {
            Assert.NotNull(d);
            TargetIO.SetMode(d, 0x41ED, "d");
            TargetIO.SetMtimeZero(d, "d");
        }

        var info = new DirectoryInfo(Path.Combine(_target, "d"));
        Assert.Equal(DateTime.UnixEpoch, info.LastWriteTimeUtc);
        Assert.Equal((UnixFileMode)0x1ED, info.UnixFileMode);
    }

    [Fact]
    public void Xattrs_are_set_on_a_symbolic_link_itself()
    {
        Requires.Root("trusted.* xattrs (user.* ones are not allowed on symbolic links)");
        Requires.Tool("getfattr");
        File.CreateSymbolicLink(Path.Combine(_target, "link"), Path.Combine(_outside, "sentinel"));
        using var root = SafeDirectoryHandle.Open(_target);

        TargetIO.SetSymlinkXattr(root, Name("link"), "trusted.ostree-net\0"u8, "v"u8, "link");

        var onLink = Tool.Run("getfattr", "-h", "-n", "trusted.ostree-net", "--only-values", Path.Combine(_target, "link"));
        Assert.Equal("v", onLink.StandardOutput);
        var onTarget = Tool.Run("getfattr", "-n", "trusted.ostree-net", Path.Combine(_outside, "sentinel"));
        Assert.NotEqual(0, onTarget.ExitCode);
    }
}
