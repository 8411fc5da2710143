using OsTree.Objects;

namespace OsTree.Usage;

/// <summary>
/// Says, before a deploy writes anything, whether the content objects it needs fit on the repository's filesystem
/// with the repository's free-space floor, counted the way libostree's transaction counts them.
/// </summary>
/// <remarks>
/// Only content objects are counted. The checkout of a hard-link deployment adds its directories and its copied
/// <c>/etc</c>, and the commit's metadata objects are small; libostree does not count either against the floor.
/// </remarks>
public static class SpacePreflight
{
    /// <summary>Checks a pending deploy's content objects against the free space of <paramref name="repositoryPath"/>.</summary>
    /// <param name="repositoryPath">The repository (any path on its filesystem).</param>
    /// <param name="files">The files of the commit to deploy; the same checksum may repeat.</param>
    /// <param name="isStored">Whether the repository already has a content object.</param>
    /// <param name="floor">The repository's free-space floor; <see cref="MinimumFreeSpace.Default"/> when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Checked every 4096 files.</param>
    /// <returns>The verdict and its figures.</returns>
    /// <exception cref="FileNotFoundException"><paramref name="repositoryPath"/> does not exist.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A file has a negative size.</exception>
    public static PreflightReport Check(
        string repositoryPath,
        IEnumerable<PendingObject> files,
        Func<Checksum, bool> isStored,
        MinimumFreeSpace? floor = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(isStored);
        var fileSystem = FileSystemSpace.Get(repositoryPath);
        return Check(fileSystem, Environment.IsPrivilegedProcess, files, isStored, floor ?? MinimumFreeSpace.Default, cancellationToken);
    }

    internal static PreflightReport Check(
        FileSystemSpace fileSystem,
        bool privileged,
        IEnumerable<PendingObject> files,
        Func<Checksum, bool> isStored,
        MinimumFreeSpace floor,
        CancellationToken cancellationToken)
    {
        var blockSize = Math.Max(fileSystem.BlockSize, 1);
        var seen = new HashSet<Checksum>();
        long objects = 0, apparent = 0, blocks = 0, count = 0;
        foreach (var file in files)
        {
            if ((++count & 4095) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            ArgumentOutOfRangeException.ThrowIfNegative(file.Size, nameof(files));
            if (!seen.Add(file.Checksum) || isStored(file.Checksum))
            {
                continue;
            }

            objects++;
            apparent += file.Size;
            blocks += (file.Size / blockSize) + 1;
        }

        // libostree: max_blocks = bfree - reserved_blocks (or 0), with bfree = f_bfree when privileged, else f_bavail.
        var free = privileged ? fileSystem.FreeBytes : fileSystem.AvailableBytes;
        var reserved = floor.ReservedBytes(fileSystem);
        var usableBlocks = Math.Max((free / blockSize) - (reserved / blockSize), 0);
        var required = blocks * blockSize;
        var usable = usableBlocks * blockSize;
        var fits = blocks <= usableBlocks;
        return new PreflightReport(objects, apparent, required, free, reserved, usable, fits, fits ? 0 : required - usable);
    }
}
