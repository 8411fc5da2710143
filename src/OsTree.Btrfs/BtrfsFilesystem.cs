using Microsoft.Win32.SafeHandles;
using OsTree.Btrfs.Internal;
using static OsTree.Btrfs.Internal.Interop.Interop;

namespace OsTree.Btrfs;

/// <summary>
/// A mounted btrfs filesystem, opened through any directory on it: subvolume listing, default subvolume, delete by
/// id, transaction sync, quota status and qgroups. Listing, quota reading and every change need root
/// (CAP_SYS_ADMIN); the kernel answers EPERM otherwise, raised as <see cref="UnauthorizedAccessException"/>.
/// </summary>
public sealed class BtrfsFilesystem : IDisposable
{
    private readonly SafeFileHandle _handle;

    private BtrfsFilesystem(string path, SafeFileHandle handle, Guid id)
    {
        Path = path;
        _handle = handle;
        Id = id;
    }

    /// <summary>The directory this filesystem was opened through.</summary>
    public string Path { get; }

    /// <summary>The filesystem UUID (fsid), as <c>btrfs filesystem show</c> prints it.</summary>
    public Guid Id { get; }

    /// <summary>Whether <paramref name="path"/> is on a btrfs filesystem (<c>statfs</c> magic 0x9123683E).</summary>
    /// <param name="path">Any existing path.</param>
    /// <returns>True on btrfs; false elsewhere or when the path cannot be inspected.</returns>
    public static bool IsBtrfs(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Statfs(path, out var buffer) == 0 && buffer.Type == BtrfsSuperMagic;
    }

    /// <summary>Opens the btrfs filesystem that contains <paramref name="path"/>.</summary>
    /// <param name="path">A directory on the filesystem, typically its mount point.</param>
    /// <returns>The filesystem; dispose it to close its descriptor.</returns>
    /// <exception cref="NotSupportedException">The directory is not on btrfs.</exception>
    /// <exception cref="IOException">The directory cannot be opened.</exception>
    public static BtrfsFilesystem Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = System.IO.Path.GetFullPath(path);
        var handle = NativeFiles.OpenDirectory(full);
        try
        {
            NativeFiles.EnsureBtrfs(handle, full);
            return new BtrfsFilesystem(full, handle, BtrfsIoctl.GetFilesystemId(handle, full));
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Lists every subvolume, as <c>btrfs subvolume list</c>: a search of the root tree for ROOT_ITEM and ROOT_BACKREF
    /// items, with paths built from the backrefs and INO_LOOKUP. Deleted subvolumes the cleaner has not reached are left out.
    /// </summary>
    /// <returns>The subvolumes ordered by id; paths are relative to the top level.</returns>
    /// <exception cref="UnauthorizedAccessException">Not root.</exception>
    public IReadOnlyList<BtrfsSubvolumeListEntry> ListSubvolumes() => SubvolumeTree.List(Handle, Path);

    /// <summary>The id of the default subvolume, the one mounted when no <c>subvol=</c> is given (5 unless changed).</summary>
    /// <returns>The subvolume id.</returns>
    /// <exception cref="UnauthorizedAccessException">Not root.</exception>
    public ulong GetDefaultSubvolumeId() => SubvolumeTree.GetDefault(Handle, Path);

    /// <summary>Makes subvolume <paramref name="subvolumeId"/> the default (BTRFS_IOC_DEFAULT_SUBVOL).</summary>
    /// <param name="subvolumeId">The subvolume id; 5 restores the top level.</param>
    /// <exception cref="UnauthorizedAccessException">Not root.</exception>
    /// <exception cref="IOException">No such subvolume, or another failure.</exception>
    public void SetDefaultSubvolume(ulong subvolumeId) => BtrfsIoctl.SetDefaultSubvolume(Handle, subvolumeId, Path);

    /// <summary>
    /// Deletes subvolume <paramref name="subvolumeId"/> (BTRFS_IOC_SNAP_DESTROY_V2 by id, Linux 5.7+), after checking it
    /// is not the top level, not the default subvolume and not mounted anywhere.
    /// </summary>
    /// <param name="subvolumeId">The subvolume id.</param>
    /// <exception cref="BtrfsSubvolumeInUseException">It is the default subvolume, the top level, or mounted.</exception>
    /// <exception cref="UnauthorizedAccessException">Not root.</exception>
    /// <exception cref="IOException">No such subvolume, nested subvolumes inside it (errno 39), or another failure.</exception>
    public void DeleteSubvolume(ulong subvolumeId)
    {
        DeletionGuard.EnsureDeletable(Handle, subvolumeId, Path);
        BtrfsIoctl.DestroyById(Handle, subvolumeId, Path);
    }

    /// <summary>
    /// Commits the current transaction and wakes the transaction and cleaner threads (BTRFS_IOC_SYNC): after it,
    /// everything written is durable and deleted subvolumes start being cleaned.
    /// </summary>
    public void Sync() => BtrfsIoctl.Sync(Handle, Path);

    /// <summary>
    /// Waits until the given deleted subvolumes (or, when <paramref name="subvolumeIds"/> is null, every deleted
    /// subvolume) have been cleaned and their space returned, as <c>btrfs subvolume sync</c>: polls the root tree for
    /// their ROOT_ITEMs, committing a transaction (which wakes the cleaner) between polls.
    /// </summary>
    /// <param name="subvolumeIds">The deleted subvolume ids, or null for all.</param>
    /// <param name="cancellationToken">Stops the wait.</param>
    /// <returns>A task that completes when the cleaner is done with them.</returns>
    public async Task WaitForDeletedSubvolumesAsync(IEnumerable<ulong>? subvolumeIds = null, CancellationToken cancellationToken = default)
    {
        var wanted = subvolumeIds?.ToHashSet();
        var delay = TimeSpan.FromMilliseconds(20);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var present = SubvolumeTree.RootItemIds(Handle, Path);
            bool pending;
            if (wanted is not null)
            {
                pending = wanted.Overlaps(present);
            }
            else
            {
                var live = ListSubvolumes().Select(entry => entry.Id).ToHashSet();
                pending = present.Any(id => !live.Contains(id));
            }

            if (!pending)
            {
                return;
            }

            Sync();
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromMilliseconds(Math.Min(500, delay.TotalMilliseconds * 2));
        }
    }

    /// <summary>Reads the quota status (the quota tree's status item).</summary>
    /// <returns>The status; <see cref="BtrfsQuotaStatus.IsEnabled"/> is false when quotas are off.</returns>
    /// <exception cref="UnauthorizedAccessException">Not root.</exception>
    public BtrfsQuotaStatus GetQuotaStatus()
    {
        var status = QuotaTree.ReadStatus(Handle, Path);
        if (status.IsEnabled && !status.IsRescanRunning && BtrfsIoctl.IsQuotaRescanRunning(Handle, Path))
        {
            status = status with { IsRescanRunning = true };
        }

        return status;
    }

    /// <summary>
    /// Reads every qgroup's counters, limits and relations from the quota tree, as <c>btrfs qgroup show</c>. The
    /// counters are as of the last transaction commit; call <see cref="Sync"/> first for current figures, and trust
    /// them only while <see cref="BtrfsQuotaStatus.IsConsistent"/>.
    /// </summary>
    /// <returns>The qgroups ordered by id; empty when quotas are off.</returns>
    /// <exception cref="UnauthorizedAccessException">Not root.</exception>
    public IReadOnlyList<BtrfsQgroup> GetQgroups() => QuotaTree.ReadQgroups(Handle, Path);

    /// <summary>
    /// Turns quotas on (full qgroup mode). This is an administrator's decision: quotas make snapshot deletion and
    /// writes slower and have been reported to stall systems, so nothing in this package calls it on its own.
    /// The kernel starts a rescan; wait for it with <see cref="WaitForQuotaRescanAsync"/>.
    /// </summary>
    /// <exception cref="UnauthorizedAccessException">Not root.</exception>
    public void EnableQuotas() => BtrfsIoctl.QuotaControl(Handle, BtrfsAbi.QuotaCtlEnable, Path);

    /// <summary>Turns quotas off and drops every qgroup.</summary>
    /// <exception cref="UnauthorizedAccessException">Not root.</exception>
    public void DisableQuotas() => BtrfsIoctl.QuotaControl(Handle, BtrfsAbi.QuotaCtlDisable, Path);

    /// <summary>Starts a quota rescan (needed after qgroup relations change); does nothing when one is already running.</summary>
    /// <exception cref="UnauthorizedAccessException">Not root.</exception>
    /// <exception cref="IOException">Quotas are off, or another failure.</exception>
    public void StartQuotaRescan() => BtrfsIoctl.StartQuotaRescan(Handle, Path);

    /// <summary>Waits until no quota rescan is running (polls BTRFS_IOC_QUOTA_RESCAN_STATUS, so it can be cancelled).</summary>
    /// <param name="cancellationToken">Stops the wait.</param>
    /// <returns>A task that completes when the rescan has ended.</returns>
    public async Task WaitForQuotaRescanAsync(CancellationToken cancellationToken = default)
    {
        var delay = TimeSpan.FromMilliseconds(10);
        while (BtrfsIoctl.IsQuotaRescanRunning(Handle, Path))
        {
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromMilliseconds(Math.Min(250, delay.TotalMilliseconds * 2));
        }
    }

    /// <summary>Creates a qgroup (BTRFS_IOC_QGROUP_CREATE), typically a level-1 group such as <c>1/100</c>.</summary>
    /// <param name="qgroup">The qgroup id.</param>
    /// <exception cref="IOException">It exists (errno 17), quotas are off, or another failure.</exception>
    public void CreateQgroup(BtrfsQgroupId qgroup) => BtrfsIoctl.CreateQgroup(Handle, qgroup.Value, create: true, Path);

    /// <summary>Destroys a qgroup that has no members.</summary>
    /// <param name="qgroup">The qgroup id.</param>
    /// <exception cref="IOException">It has members, does not exist, or another failure.</exception>
    public void DestroyQgroup(BtrfsQgroupId qgroup) => BtrfsIoctl.CreateQgroup(Handle, qgroup.Value, create: false, Path);

    /// <summary>Makes <paramref name="member"/> a member of <paramref name="group"/>. The kernel usually marks counters inconsistent: rescan afterwards.</summary>
    /// <param name="member">The member qgroup (e.g. <c>0/256</c>).</param>
    /// <param name="group">The higher-level qgroup.</param>
    public void AssignQgroup(BtrfsQgroupId member, BtrfsQgroupId group) => BtrfsIoctl.AssignQgroup(Handle, member.Value, group.Value, assign: true, Path);

    /// <summary>Removes <paramref name="member"/> from <paramref name="group"/>. Rescan afterwards.</summary>
    /// <param name="member">The member qgroup.</param>
    /// <param name="group">The higher-level qgroup.</param>
    public void RemoveQgroupAssignment(BtrfsQgroupId member, BtrfsQgroupId group) => BtrfsIoctl.AssignQgroup(Handle, member.Value, group.Value, assign: false, Path);

    /// <summary>
    /// Makes the level-1 (or higher) qgroup <paramref name="group"/> hold exactly the level-0 qgroups of
    /// <paramref name="subvolumeIds"/> (creating it if needed), then rescans and waits, so its exclusive count says
    /// what deleting all of them would free, metadata included (the snapper approach). Refuses when quotas are off:
    /// enabling them is the administrator's call (<see cref="EnableQuotas"/>).
    /// </summary>
    /// <param name="group">The group, level 1 or higher.</param>
    /// <param name="subvolumeIds">The subvolumes it should contain.</param>
    /// <param name="cancellationToken">Stops waiting for the rescan (the rescan itself continues in the kernel).</param>
    /// <returns>A task that completes when the counters are consistent again.</returns>
    /// <exception cref="InvalidOperationException">Quotas are off or in simple mode.</exception>
    public async Task SetQgroupMembersAsync(BtrfsQgroupId group, IEnumerable<ulong> subvolumeIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subvolumeIds);
        ArgumentOutOfRangeException.ThrowIfZero(group.Level);
        var status = GetQuotaStatus();
        if (!status.IsEnabled || status.IsSimpleMode)
        {
            throw new InvalidOperationException($"Quotas are {(status.IsEnabled ? "in simple mode" : "off")} on '{Path}'; a level-{group.Level} qgroup needs full quotas, which only an administrator should enable.");
        }

        var wanted = subvolumeIds.Select(BtrfsQgroupId.ForSubvolume).ToHashSet();
        var existing = GetQgroups().FirstOrDefault(q => q.Id == group);
        if (existing is null)
        {
            CreateQgroup(group);
        }

        var current = existing?.Children.ToHashSet() ?? [];
        foreach (var member in current.Where(member => !wanted.Contains(member)))
        {
            RemoveQgroupAssignment(member, group);
        }

        foreach (var member in wanted.Where(member => !current.Contains(member)))
        {
            AssignQgroup(member, group);
        }

        await WaitForQuotaRescanAsync(cancellationToken).ConfigureAwait(false);
        if (GetQuotaStatus().IsInconsistent || current.Count == 0 || !current.SetEquals(wanted))
        {
            StartQuotaRescan();
            await WaitForQuotaRescanAsync(cancellationToken).ConfigureAwait(false);
        }

        Sync();
    }

    /// <summary>Closes the filesystem's descriptor.</summary>
    public void Dispose() => _handle.Dispose();

    private SafeFileHandle Handle
    {
        get
        {
            ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
            return _handle;
        }
    }
}
