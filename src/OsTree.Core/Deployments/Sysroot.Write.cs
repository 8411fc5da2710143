using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;

namespace OsTree.Deployments;

public sealed partial class Sysroot
{
    /// <summary>
    /// Makes <paramref name="deployments"/> the boot configuration, in that order (libostree's
    /// <c>write_deployments</c>): when only the order of deployments with identical boot configuration changed, a new
    /// set of boot links is swapped in; otherwise the inactive <c>boot/loader.N</c> is written with one entry per
    /// deployment and made live by one atomic rename of <c>boot/loader</c>, after everything is synced. Deployments
    /// left out are then deleted by <see cref="Cleanup"/> unless <paramref name="cleanup"/> is false.
    /// </summary>
    /// <param name="deployments">Deployments of this sysroot, in the new boot order.</param>
    /// <param name="cleanup">Whether to delete what is no longer referenced afterwards.</param>
    /// <param name="cancellationToken">Stops the work before the boot configuration is swapped.</param>
    /// <exception cref="DeploymentException">The booted deployment would be removed, or a deployment directory is missing.</exception>
    public void WriteDeployments(IReadOnlyList<Deployment> deployments, bool cleanup = true, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deployments);
        using var sysrootLock = SysrootLock.Acquire(Path, cancellationToken);
        Load();
        WriteDeploymentsLocked(deployments, cancellationToken);
        if (cleanup)
        {
            CleanupLocked(cancellationToken);
        }
    }

    private void WriteDeploymentsLocked(IReadOnlyList<Deployment> requested, CancellationToken cancellationToken)
    {
        EnsureLoaded();

        // Bootserials count deployments sharing a boot checksum; indexes follow the new order.
        var serials = new Dictionary<string, int>(StringComparer.Ordinal);
        var list = new List<Deployment>(requested.Count);
        var foundBooted = BootedDeployment is null;
        for (var i = 0; i < requested.Count; i++)
        {
            var d = requested[i];
            var serial = serials.GetValueOrDefault(d.BootChecksum);
            serials[d.BootChecksum] = serial + 1;
            if (!Directory.Exists(GetDeploymentDirectory(d)))
            {
                throw new DeploymentException($"Unable to find expected deployment root: {GetDeploymentDirectory(d)}");
            }

            foundBooted |= d.IsSameDeployment(BootedDeployment);
            list.Add(d.With(index: i, bootSerial: serial));
        }

        if (!foundBooted)
        {
            throw new DeploymentException("Attempting to remove booted deployment");
        }

        var requiresNewBootVersion = list.Count != _deployments.Count;
        var isNoop = !requiresNewBootVersion;
        for (var i = 0; !requiresNewBootVersion && i < list.Count; i++)
        {
            if (!BootConfigsEqual(_deployments[i], list[i]))
            {
                requiresNewBootVersion = true;
                isNoop = false;
            }
            else if (!_deployments[i].IsSameDeployment(list[i]) || _deployments[i].BootSerial != list[i].BootSerial)
            {
                isNoop = false;
            }
        }

        if (isNoop)
        {
            _logger.LogDebug("Deployment list unchanged; nothing to write");
            return;
        }

        cancellationToken.ThrowIfCancellationRequested();
        string newSubBootDir;
        if (!requiresNewBootVersion)
        {
            newSubBootDir = CreateBootLinks(BootVersion, list);
            FullSync();
            SwapBootLinks(BootVersion);
        }
        else
        {
            newSubBootDir = WriteBootSwap(list, cancellationToken);
        }

        _logger.LogInformation(
            "Bootloader updated; bootconfig swap: {Swap}; bootversion: {SubBootDir}, deployment count change: {Change}",
            requiresNewBootVersion ? "yes" : "no", newSubBootDir, list.Count - _deployments.Count);
        BumpMtime();
        Load();
    }

    private bool BootConfigsEqual(Deployment a, Deployment b)
    {
        if (a.BootChecksum != b.BootChecksum)
        {
            return false;
        }

        var ka = a.KernelArguments;
        ka.RemoveKey("ostree");
        var kb = b.KernelArguments;
        kb.RemoveKey("ostree");
        return ka.ToString() == kb.ToString() && GetCommitVersion(a.Checksum) == GetCommitVersion(b.Checksum);
    }

    private string WriteBootSwap(List<Deployment> list, CancellationToken cancellationToken)
    {
        var newBootVersion = BootVersion == 0 ? 1 : 0;
        var entriesDir = Combine($"boot/loader.{Format(newBootVersion)}/entries");
        PosixFileSystem.DeleteTree(entriesDir);
        PosixFileSystem.CreateDirectory(entriesDir, 0x1ED /* 0755 */);

        var showOsName = list.Select(d => d.OsName).Distinct(StringComparer.Ordinal).Skip(1).Any();
        foreach (var deployment in list)
        {
            cancellationToken.ThrowIfCancellationRequested();
            InstallDeploymentKernel(newBootVersion, deployment, list.Count, showOsName, entriesDir, cancellationToken);
        }

        var subBootDir = CreateBootLinks(newBootVersion, list);
        SwapBootLinks(newBootVersion);

        // boot/boot -> . lets the same paths work with /boot on its own filesystem or inside the root.
        var bootBoot = Combine("boot/boot");
        if (!PosixFileSystem.TryLstat(bootBoot, out _))
        {
            File.CreateSymbolicLink(bootBoot, ".");
        }

        PosixFileSystem.ReplaceSymbolicLink($"loader.{Format(newBootVersion)}", Combine("boot/loader.tmp"));
        cancellationToken.ThrowIfCancellationRequested();
        FullSync();

        // The one step that changes what boots: everything it points at is complete and on disk.
        PosixFileSystem.Rename(Combine("boot/loader.tmp"), Combine("boot/loader"));
        PosixFileSystem.FsyncDirectory(Combine("boot"));
        return subBootDir;
    }

    private void InstallDeploymentKernel(int newBootVersion, Deployment deployment, int count, bool showOsName, string entriesDir, CancellationToken cancellationToken)
    {
        var directory = GetDeploymentDirectory(deployment);
        // The boot checksum is the deployment's own (computed when it was deployed): only the file names are needed.
        var layout = KernelLayout.Find(directory, cancellationToken, computeBootChecksum: false)
            ?? throw new DeploymentException($"Installing kernel: Failed to find kernel in /usr/lib/modules of {deployment.RelativePath}");
        var bootCsumDirName = $"ostree/{deployment.OsName}-{deployment.BootChecksum}";
        var bootCsumDir = Combine("boot/" + bootCsumDirName);
        PosixFileSystem.CreateDirectory(bootCsumDir, 0x1ED);

        InstallIntoBoot(layout.ModuleDirectory + "/vmlinuz", bootCsumDir + "/" + layout.KernelName);
        if (layout.InitramfsSource is { } initramfs)
        {
            InstallIntoBoot(layout.ModuleDirectory + "/" + initramfs, bootCsumDir + "/" + layout.InitramfsName);
        }

        if (layout.DevicetreeSource is { } devicetree)
        {
            if (layout.DevicetreeIsDirectory)
            {
                PosixFileSystem.CopyDirectory(layout.ModuleDirectory + "/" + devicetree, bootCsumDir + "/" + devicetree, cancellationToken);
            }
            else
            {
                InstallIntoBoot(layout.ModuleDirectory + "/" + devicetree, bootCsumDir + "/" + layout.DevicetreeName);
            }
        }

        if (layout.HasHmac)
        {
            InstallIntoBoot(layout.ModuleDirectory + "/.vmlinuz.hmac", bootCsumDir + "/" + layout.HmacName);
        }

        var title = OsRelease.GetTitle(directory) ?? throw new DeploymentException("No PRETTY_NAME or ID in /etc/os-release");
        var version = GetCommitVersion(deployment.Checksum);
        var titleBuilder = new StringBuilder(title);
        if (!string.IsNullOrEmpty(version) && !title.Contains(version, StringComparison.Ordinal))
        {
            titleBuilder.Append(' ').Append(version);
        }

        titleBuilder.Append(" (ostree");
        if (showOsName)
        {
            titleBuilder.Append(':').Append(deployment.OsName);
        }

        titleBuilder.Append(':').Append(Format(deployment.Index)).Append(')');

        var entry = deployment.BootConfig.Clone();
        entry.Title = titleBuilder.ToString();
        entry.Version = Format(count - deployment.Index);
        entry.Linux = $"/{bootCsumDirName}/{layout.KernelName}";
        var kargs = KernelArguments.Parse(entry.Options);
        var bootLink = $"/ostree/boot.{Format(newBootVersion)}/{deployment.OsName}/{deployment.BootChecksum}/{Format(deployment.BootSerial)}";
        if (layout.InitramfsSource is not null)
        {
            entry.Initrd = $"/{bootCsumDirName}/{layout.InitramfsName}";
        }
        else
        {
            kargs.Replace($"init={bootLink}/usr/lib/ostree/ostree-prepare-root");
        }

        if (layout.DevicetreeSource is not null)
        {
            if (layout.DevicetreeIsDirectory)
            {
                entry.Set("fdtdir", $"/{bootCsumDirName}/{layout.DevicetreeSource}");
            }
            else
            {
                entry.Set("devicetree", $"/{bootCsumDirName}/{layout.DevicetreeName}");
            }
        }

        kargs.Replace("ostree=" + bootLink);
        entry.Options = kargs.ToString();
        var file = $"{entriesDir}/ostree-{Format(count - deployment.Index)}-{deployment.OsName}.conf";
        PosixFileSystem.WriteFileAtomically(file, Encoding.UTF8.GetBytes(entry.ToString()), durable: false);
    }

    /// <summary>Hard-links a boot file into /boot, or copies it (temporary name, fsync, rename) across filesystems.</summary>
    private static void InstallIntoBoot(string source, string destination)
    {
        if (PosixFileSystem.TryStat(destination, out _))
        {
            return;
        }

        if (PosixFileSystem.TryLink(source, destination))
        {
            return;
        }

        var st = PosixFileSystem.Lstat(source);
        var temp = System.IO.Path.GetDirectoryName(destination) + "/" + PosixFileSystem.TempPrefix + System.IO.Path.GetFileName(destination) + "-" + Guid.NewGuid().ToString("N");
        try
        {
            using (var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan))
            using (var output = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                input.CopyTo(output);
                output.Flush(flushToDisk: true);
            }

            PosixFileSystem.CopyMetadata(source, st, temp);
            PosixFileSystem.Rename(temp, destination);
        }
        catch
        {
            PosixFileSystem.DeleteFileIfExists(temp);
            throw;
        }
    }

    /// <summary>Writes <c>ostree/boot.B.S'</c> (S' the other sub-boot version) with one link per deployment; returns its name.</summary>
    private string CreateBootLinks(int bootVersion, List<Deployment> list)
    {
        var oldSub = bootVersion != BootVersion ? ReadSubBootVersion(bootVersion) : SubBootVersion;
        var name = $"boot.{Format(bootVersion)}.{Format(oldSub == 0 ? 1 : 0)}";
        var dir = Combine("ostree/" + name);
        PosixFileSystem.DeleteTree(dir);
        PosixFileSystem.CreateDirectory(dir, 0x1ED);
        foreach (var d in list)
        {
            var parent = $"{dir}/{d.OsName}/{d.BootChecksum}";
            PosixFileSystem.CreateDirectory(parent, 0x1ED);
            PosixFileSystem.ReplaceSymbolicLink($"../../../deploy/{d.OsName}/deploy/{d.Name}", $"{parent}/{Format(d.BootSerial)}");
        }

        return name;
    }

    /// <summary>Points <c>ostree/boot.B</c> at the boot-link set made by <see cref="CreateBootLinks"/>.</summary>
    private void SwapBootLinks(int bootVersion)
    {
        var oldSub = bootVersion != BootVersion ? ReadSubBootVersion(bootVersion) : SubBootVersion;
        var name = $"boot.{Format(bootVersion)}.{Format(oldSub == 0 ? 1 : 0)}";
        PosixFileSystem.ReplaceSymbolicLink(name, Combine($"ostree/boot.{Format(bootVersion)}"));
    }

    /// <summary>syncfs on the sysroot and on /boot (the same filesystem here unless /boot is mounted separately).</summary>
    private void FullSync()
    {
        PosixFileSystem.SyncFileSystem(Path);
        PosixFileSystem.SyncFileSystem(Combine("boot"));
    }

    /// <summary>Touches <c>ostree/deploy</c> so that watchers notice a change, as libostree does.</summary>
    private void BumpMtime() => Directory.SetLastWriteTimeUtc(Combine("ostree/deploy"), DateTime.UtcNow);

}
