using Microsoft.Extensions.Logging;
using OsTree.Deployments;
using OsTree.Usage;

namespace OsTree.Packaging.Status;

/// <summary>
/// Space of a hard-link sysroot through <see cref="SpaceAccountant"/>: every inode counted once, shared bytes are those
/// the reference deployment also has (see docs/status.md for the definitions).
/// </summary>
public sealed class HardLinkSpaceSource : IDeploymentSpaceSource
{
    private readonly SpaceAccountant _accountant;

    /// <summary>Creates the source.</summary>
    /// <param name="logger">Diagnostics of the walk; none when <see langword="null"/>.</param>
    public HardLinkSpaceSource(ILogger<SpaceAccountant>? logger = null)
    {
        _accountant = new SpaceAccountant(logger);
    }

    /// <summary>The full report of the last measurement, for callers that want more than the status needs.</summary>
    public SpaceReport? LastReport { get; private set; }

    /// <inheritdoc/>
    public async Task<SysrootSpace> MeasureAsync(Sysroot sysroot, Deployment reference, IProgress<SystemStatusProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sysroot);
        ArgumentNullException.ThrowIfNull(reference);
        var relay = progress is null ? null : new Relay(progress);
        var report = await _accountant.MeasureAsync(sysroot, reference, relay, cancellationToken).ConfigureAwait(false);
        LastReport = report;
        return new SysrootSpace
        {
            Method = "inodes",
            Deployments = report.Deployments.Select(d => new DeploymentSpaceFigures
            {
                Id = d.Id,
                TotalBytes = d.Total.Bytes,
                SharedBytes = d.SharedWithReference.Bytes,
                ExclusiveBytes = d.Exclusive.Bytes,
                FreedIfDeletedBytes = d.FreedIfDeleted.Bytes,
            }).ToArray(),
            BeyondReferenceBytes = report.BeyondReference.Bytes,
            FreedIfAllOthersDeletedBytes = report.FreedIfAllOthersDeleted.Bytes,
            UnreferencedObjectsBytes = report.Repository?.UnreferencedContent.Bytes,
            TotalBytes = report.Totals.All.Bytes,
        };
    }

    private sealed class Relay(IProgress<SystemStatusProgress> target) : IProgress<SpaceProgress>
    {
        public void Report(SpaceProgress value) => target.Report(new SystemStatusProgress("space", value.EntriesWalked, 0));
    }
}
