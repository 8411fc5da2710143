using OsTree.Objects;
using OsTree.Repositories;
using OsTree.Transport;

namespace OsTree.Core.Tests.Transport;

/// <summary>
/// The simplest pull target: an archive repository made by <c>ostree init</c>, written file by file (temporary
/// name, then rename). It lets the engine's tests run independently of the repository code; <c>ostree fsck</c> is
/// the judge of what it wrote.
/// </summary>
internal sealed class ArchiveDirectoryTarget(string repository) : IPullTarget
{
    private int _stored;

    public RepositoryMode Mode => RepositoryMode.Archive;

    public string TemporaryDirectory => Path.Combine(repository, "tmp");

    public int Stored => _stored;

    public bool HasObject(Checksum checksum, ObjectType type) => File.Exists(PathOf(checksum, type));

    public byte[]? TryReadMetadata(Checksum checksum, ObjectType type)
        => File.Exists(PathOf(checksum, type)) ? File.ReadAllBytes(PathOf(checksum, type)) : null;

    public bool IsCommitPartial(Checksum commit) => File.Exists(PartialPath(commit));

    public void MarkCommitPartial(Checksum commit)
    {
        Directory.CreateDirectory(Path.Combine(repository, "state"));
        File.WriteAllBytes(PartialPath(commit), []);
    }

    public void ClearCommitPartial(Checksum commit) => File.Delete(PartialPath(commit));

    public Task StoreMetadataAsync(Checksum checksum, ObjectType type, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        Write(PathOf(checksum, type), bytes.Span);
        return Task.CompletedTask;
    }

    public Task StoreContentAsync(VerifiedContent content, CancellationToken cancellationToken)
    {
        Write(PathOf(content.Checksum, ObjectType.File), content.Archive!.ToArray());
        return Task.CompletedTask;
    }

    public Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Write(string path, ReadOnlySpan<byte> bytes)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + ".tmp" + Environment.CurrentManagedThreadId;
        File.WriteAllBytes(temp, bytes.ToArray());
        File.Move(temp, path, overwrite: true);
        Interlocked.Increment(ref _stored);
    }

    private string PathOf(Checksum checksum, ObjectType type)
        => Path.Combine(repository, ObjectName.GetRelativePath(checksum, type, RepositoryMode.Archive));

    private string PartialPath(Checksum commit) => Path.Combine(repository, "state", commit + ".commitpartial");
}
