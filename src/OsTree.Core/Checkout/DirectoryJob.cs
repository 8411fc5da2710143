using System.Text;
using OsTree.Objects;

namespace OsTree.Checkout;

/// <summary>
/// One directory of the checkout. It stays open (its handle is what its files and subdirectories are created in)
/// until its own files and every subdirectory are done; then its final mode, owner and mtime are applied and it is
/// closed. <see cref="Pending"/> counts what is still outstanding: its own pass plus each unfinished child.
/// </summary>
internal sealed class DirectoryJob
{
    public DirectoryJob(DirectoryJob? parent, string name, in Checksum tree, in Checksum meta)
    {
        Parent = parent;
        Name = name;
        Tree = tree;
        Meta = meta;
        Pending = 1;
    }

    /// <summary>The directory this one is created in; <see langword="null"/> for the checkout's root.</summary>
    public DirectoryJob? Parent { get; }

    /// <summary>The name inside the parent (for the root: the destination's last component).</summary>
    public string Name { get; }

    public Checksum Tree { get; }

    public Checksum Meta { get; }

    /// <summary>
    /// For a <c>--subpath</c> naming a file, or a run given a list of files: those files, checked out into the root
    /// (which may exist); the root's own tree and metadata are then not used.
    /// </summary>
    public IReadOnlyList<DirTreeFile>? SelectedFiles { get; init; }

    public SafeDirectoryHandle? Handle { get; set; }

    public DirMeta? DirMeta { get; set; }

    /// <summary>Whether the directory was there before (union modes): its metadata is then left alone.</summary>
    public bool Existed { get; set; }

    public int Pending;

    /// <summary>The path of <paramref name="child"/> inside the checkout, built only for messages.</summary>
    public string PathOf(string child)
    {
        var builder = new StringBuilder();
        AppendPath(builder);
        if (builder.Length > 0)
        {
            builder.Append('/');
        }

        return builder.Append(child).ToString();
    }

    /// <summary>This directory's path inside the checkout; empty for the root.</summary>
    public string Path
    {
        get
        {
            var builder = new StringBuilder();
            AppendPath(builder);
            return builder.ToString();
        }
    }

    private void AppendPath(StringBuilder builder)
    {
        if (Parent is null)
        {
            return;
        }

        Parent.AppendPath(builder);
        if (builder.Length > 0)
        {
            builder.Append('/');
        }

        builder.Append(Name);
    }
}
