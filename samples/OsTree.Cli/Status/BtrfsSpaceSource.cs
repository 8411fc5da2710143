using OsTree.Btrfs;
using OsTree.Deployments;
using OsTree.Packaging.Status;

namespace OsTree.Cli.Status;

/// <summary>
/// Space of a sysroot on BTRFS through <see cref="BtrfsSpaceAccountant"/> (qgroups when they can answer, FIEMAP
/// otherwise): inode counting is wrong where reflinks and snapshots share extents. It lives in the CLI because
/// OsTree.Packaging, which holds <see cref="SystemStatusReader"/>, does not depend on OsTree.Btrfs.
/// </summary>
internal sealed class BtrfsSpaceSource : IDeploymentSpaceSource
{
    private readonly BtrfsSpaceAccountant _accountant = new();

    public async Task<SysrootSpace> MeasureAsync(Sysroot sysroot, Deployment reference, IProgress<SystemStatusProgress>? progress, CancellationToken cancellationToken)
    {
        var deployments = sysroot.Deployments;
        var qualify = deployments.Select(d => d.Name).Distinct(StringComparer.Ordinal).Count() != deployments.Count;
        string IdOf(Deployment d) => qualify ? $"{d.OsName}/{d.Name}" : d.Name;

        var current = sysroot.GetDeploymentDirectory(reference);
        var others = deployments.Where(d => !d.IsSameDeployment(reference)).ToList();
        // The repository is not a retained tree: a deployment's files are reflinks of its commit's objects, and the
        // cleanup after an undeploy prunes those objects, so their extents go with the deployment. Objects of the
        // reference's commit are shared with the reference image, which is walked anyway.
        var retained = sysroot.GetStateRoots().Select(os => Path.Combine(sysroot.Path, "ostree", "deploy", os, "var")).Where(Directory.Exists).ToList();
        var relay = progress is null ? null : new Progress(progress);
        var report = await _accountant.MeasureAsync(new BtrfsSpaceRequest
        {
            CurrentImage = current,
            OtherImages = others.Select(sysroot.GetDeploymentDirectory).ToArray(),
            RetainedPaths = retained,
        }, relay, cancellationToken).ConfigureAwait(false);

        // The report lists the current image first, then the others in the order given.
        var figures = new Dictionary<string, DeploymentSpaceFigures>(StringComparer.Ordinal);
        var ordered = new List<Deployment> { reference };
        ordered.AddRange(others);
        for (var i = 0; i < ordered.Count && i < report.Images.Count; i++)
        {
            var image = report.Images[i];
            var referenced = (long)image.Referenced.Bytes;
            var exclusive = (long)image.FreedIfOnlyThisDeleted.Bytes;
            figures[IdOf(ordered[i])] = new DeploymentSpaceFigures
            {
                Id = IdOf(ordered[i]),
                TotalBytes = referenced,
                SharedBytes = Math.Max(0, referenced - exclusive),
                ExclusiveBytes = exclusive,
                FreedIfDeletedBytes = exclusive,
            };
        }

        var freed = (long)report.FreedIfAllOthersDeleted.Bytes;
        return new SysrootSpace
        {
            Method = report.Basis == BtrfsSpaceBasis.Qgroup ? "btrfs-qgroups" : "btrfs-fiemap",
            Deployments = deployments.Select(d => figures.TryGetValue(IdOf(d), out var f) ? f : null).OfType<DeploymentSpaceFigures>().ToArray(),
            BeyondReferenceBytes = freed,
            FreedIfAllOthersDeletedBytes = freed,
            UnreferencedObjectsBytes = null,
            TotalBytes = (figures.TryGetValue(IdOf(reference), out var r) ? r.TotalBytes : 0) + freed,
        };
    }

    private sealed class Progress(IProgress<SystemStatusProgress> target) : IProgress<BtrfsScanProgress>
    {
        public void Report(BtrfsScanProgress value) => target.Report(new SystemStatusProgress("space", value.FilesScanned, 0));
    }
}
