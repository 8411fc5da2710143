using System.Text;
using Microsoft.Extensions.Logging;

namespace OsTree.Deployments;

public sealed partial class Sysroot
{
    /// <summary>
    /// Deletes what the boot configuration no longer references, as <c>ostree admin cleanup</c>: the other boot
    /// version's <c>boot/loader.N</c> and <c>ostree/boot.N*</c> links, deployment directories without a boot entry
    /// (for example after an interrupted deploy) with their origin files, and <c>boot/ostree/$os-$bootcsum</c>
    /// directories no deployment uses; then records each deployment's commit as a ref <c>ostree/B/S/i</c> in the
    /// repository and prunes the repository as libostree does (<c>--refs-only --depth=0</c>: every object that no ref
    /// reaches, parents of deployed commits included, is deleted).
    /// </summary>
    /// <param name="cancellationToken">Stops the work between deletions.</param>
    public void Cleanup(CancellationToken cancellationToken = default)
    {
        using var sysrootLock = SysrootLock.Acquire(Path, cancellationToken);
        Load();
        CleanupLocked(cancellationToken);
    }

    /// <summary>
    /// Deletes what an interrupted deploy can leave (deployment directories no boot entry names, with their origin
    /// files, and the inactive boot version), under the sysroot lock. Unlike <see cref="Cleanup"/>, it neither writes
    /// deployment refs nor prunes the repository: a recovery does no more than undo the interrupted work.
    /// </summary>
    /// <param name="cancellationToken">Stops the wait for the lock and the work between deletions.</param>
    internal void CleanupInterruptedDeploy(CancellationToken cancellationToken)
    {
        using var sysrootLock = SysrootLock.Acquire(Path, cancellationToken);
        Load();
        CleanupLeftovers(cancellationToken);
    }

    private void CleanupLocked(CancellationToken cancellationToken)
    {
        CleanupLeftovers(cancellationToken);
        WriteDeploymentRefs();
        PruneRepository(cancellationToken);
    }

    private void CleanupLeftovers(CancellationToken cancellationToken)
    {
        CleanupOtherBootVersions();
        CleanupOldDeployments(cancellationToken);
    }

    /// <summary>
    /// libostree's <c>ostree_sysroot_cleanup_prune_repo</c>: refs only, depth 0. The deployment refs written just
    /// before keep every deployed commit, so nothing a boot entry names can go.
    /// </summary>
    private void PruneRepository(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!File.Exists(Combine("ostree/repo/config")))
        {
            return;
        }

        var result = Repositories.Repository.Open(RepositoryPath).Prune(new Repositories.PruneOptions { RefsOnly = true, Depth = 0 });
        if (result.ObjectsPruned > 0)
        {
            _logger.LogInformation("Pruned {Objects} objects ({Bytes} bytes) from the repository", result.ObjectsPruned, result.BytesFreed);
        }
    }

    private void CleanupOtherBootVersions()
    {
        var other = Format(BootVersion == 0 ? 1 : 0);
        var otherSub = Format(SubBootVersion == 0 ? 1 : 0);
        PosixFileSystem.DeleteTree(Combine($"boot/loader.{other}"));
        PosixFileSystem.DeleteTree(Combine($"ostree/boot.{other}"));
        PosixFileSystem.DeleteTree(Combine($"ostree/boot.{other}.0"));
        PosixFileSystem.DeleteTree(Combine($"ostree/boot.{other}.1"));
        PosixFileSystem.DeleteTree(Combine($"ostree/boot.{Format(BootVersion)}.{otherSub}"));
        PosixFileSystem.DeleteFileIfExists(Combine("boot/loader.tmp"));
    }

    private void CleanupOldDeployments(CancellationToken cancellationToken)
    {
        var active = new HashSet<string>(_deployments.Select(d => d.RelativePath), StringComparer.Ordinal);
        var activeBootChecksums = new HashSet<string>(_deployments.Select(d => d.BootChecksum), StringComparer.Ordinal);
        foreach (var osName in GetStateRoots())
        {
            var deployDir = Combine($"ostree/deploy/{osName}/deploy");
            if (!Directory.Exists(deployDir))
            {
                continue;
            }

            foreach (var entry in Directory.EnumerateFileSystemEntries(deployDir))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var name = System.IO.Path.GetFileName(entry);
                if (!PosixFileSystem.TryLstat(entry, out var st))
                {
                    continue;
                }

                if (!PosixFileSystem.IsDirectory(st))
                {
                    // An origin file written by an interrupted run under its temporary name.
                    if (name.StartsWith(PosixFileSystem.TempPrefix, StringComparison.Ordinal))
                    {
                        File.Delete(entry);
                    }

                    continue;
                }

                if (!TryParseDeployName(name, out _, out _))
                {
                    continue;
                }

                var relative = $"ostree/deploy/{osName}/deploy/{name}";
                if (!active.Contains(relative))
                {
                    DeleteDeploymentDirectory(relative, cancellationToken);
                }
            }
        }

        var bootOstree = Combine("boot/ostree");
        if (Directory.Exists(bootOstree))
        {
            foreach (var entry in Directory.EnumerateFileSystemEntries(bootOstree))
            {
                var name = System.IO.Path.GetFileName(entry);
                var dash = name.LastIndexOf('-');
                if (dash < 0 || !OsTree.Objects.Checksum.IsValid(name[(dash + 1)..]) || !PosixFileSystem.TryLstat(entry, out var st) || !PosixFileSystem.IsDirectory(st))
                {
                    continue;
                }

                if (!activeBootChecksums.Contains(name[(dash + 1)..]))
                {
                    _logger.LogInformation("Deleting unused boot directory boot/ostree/{Name}", name);
                    PosixFileSystem.DeleteTree(entry);
                    continue;
                }

                foreach (var file in Directory.EnumerateFiles(entry, PosixFileSystem.TempPrefix + "*").ToList())
                {
                    File.Delete(file);
                }
            }
        }
    }

    /// <summary>Deletes one deployment directory and its origin; never the directory the running system uses as /.</summary>
    private void DeleteDeploymentDirectory(string relative, CancellationToken cancellationToken)
    {
        var path = Combine(relative);
        if (PosixFileSystem.TryStat("/", out var root) && PosixFileSystem.TryStat(path, out var st) && st.Device == root.Device && st.Inode == root.Inode)
        {
            return;
        }

        _logger.LogInformation("Deleting deployment {Deployment}", relative);
        PosixFileSystem.SetImmutable(path, immutable: false);
        PosixFileSystem.DeleteFileIfExists(path + ".origin");
        _backend.DeleteTree(path, cancellationToken);
    }

    /// <summary>
    /// libostree keeps a ref <c>ostree/$bootversion/$subbootversion/$index</c> on each deployment's commit so that a plain
    /// <c>prune</c> never deletes a deployed commit; refs of inactive boot versions are removed.
    /// </summary>
    private void WriteDeploymentRefs()
    {
        var heads = Combine("ostree/repo/refs/heads");
        if (!Directory.Exists(heads))
        {
            return;
        }

        var other = Format(BootVersion == 0 ? 1 : 0);
        PosixFileSystem.DeleteTree($"{heads}/ostree/{other}/0");
        PosixFileSystem.DeleteTree($"{heads}/ostree/{other}/1");
        PosixFileSystem.DeleteTree($"{heads}/ostree/{Format(BootVersion)}/{Format(SubBootVersion == 0 ? 1 : 0)}");
        DeleteIfEmpty($"{heads}/ostree/{other}");

        var dir = $"{heads}/ostree/{Format(BootVersion)}/{Format(SubBootVersion)}";
        var repoTmp = Combine("ostree/repo/tmp");
        if (_deployments.Count > 0)
        {
            PosixFileSystem.CreateDirectory(dir, 0x1ED);
        }

        for (var i = 0; i < _deployments.Count; i++)
        {
            var file = $"{dir}/{Format(i)}";
            var content = Encoding.ASCII.GetBytes(_deployments[i].Checksum + "\n");
            if (File.Exists(file) && File.ReadAllBytes(file).AsSpan().SequenceEqual(content))
            {
                continue;
            }

            // The temporary file lives in the repository's tmp/, never under refs/ where ostree would read it as a ref.
            PosixFileSystem.WriteFileAtomically(file, content, durable: true, tempDirectory: Directory.Exists(repoTmp) ? repoTmp : null);
        }
    }

    private static void DeleteIfEmpty(string directory)
    {
        if (Directory.Exists(directory) && !Directory.EnumerateFileSystemEntries(directory).Any())
        {
            Directory.Delete(directory);
        }
    }
}
