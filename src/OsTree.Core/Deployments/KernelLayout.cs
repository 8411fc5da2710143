using System.Security.Cryptography;

namespace OsTree.Deployments;

/// <summary>
/// The kernel of a deployment tree as libostree finds it: the first <c>usr/lib/modules/$kver/</c> (directory order)
/// with a regular <c>vmlinuz</c>, plus an optional <c>initramfs.img</c> (or <c>initramfs</c>), <c>devicetree</c>
/// (or a <c>dtb/</c> directory) and <c>.vmlinuz.hmac</c>. The boot checksum is the SHA-256 of kernel, initramfs and
/// device tree, in that order.
/// </summary>
internal sealed class KernelLayout
{
    private KernelLayout(string moduleDirectory, string kernelVersion)
    {
        ModuleDirectory = moduleDirectory;
        KernelVersion = kernelVersion;
    }

    /// <summary>The absolute path of <c>usr/lib/modules/$kver</c>.</summary>
    internal string ModuleDirectory { get; }

    /// <summary>The kernel version, the directory's name.</summary>
    internal string KernelVersion { get; }

    /// <summary>The name the kernel gets in the boot directory: <c>vmlinuz-$kver</c>.</summary>
    internal string KernelName => "vmlinuz-" + KernelVersion;

    /// <summary>The initramfs file in the module directory, if any.</summary>
    internal string? InitramfsSource { get; private set; }

    /// <summary>The name the initramfs gets in the boot directory: <c>initramfs-$kver.img</c>.</summary>
    internal string InitramfsName => $"initramfs-{KernelVersion}.img";

    /// <summary>The device tree file (<c>devicetree</c>) or directory (<c>dtb</c>), if any.</summary>
    internal string? DevicetreeSource { get; private set; }

    /// <summary>Whether <see cref="DevicetreeSource"/> is a whole directory of device trees.</summary>
    internal bool DevicetreeIsDirectory { get; private set; }

    /// <summary>The name a single device tree gets: <c>devicetree-$kver</c>.</summary>
    internal string DevicetreeName => "devicetree-" + KernelVersion;

    /// <summary>Whether a <c>.vmlinuz.hmac</c> (FIPS) file accompanies the kernel.</summary>
    internal bool HasHmac { get; private set; }

    /// <summary>The name the HMAC file gets: <c>.vmlinuz-$kver.hmac</c>, as dracut expects.</summary>
    internal string HmacName => $".{KernelName}.hmac";

    /// <summary>The boot checksum, lowercase hexadecimal; empty when <see cref="Find"/> was told not to compute it.</summary>
    internal string BootChecksum { get; private set; } = string.Empty;

    /// <summary>Finds the kernel of a deployment tree, or returns <see langword="null"/> when it has none.</summary>
    /// <param name="deploymentDirectory">The deployment's root.</param>
    /// <param name="cancellationToken">Stops the hashing.</param>
    /// <param name="computeBootChecksum">
    /// Whether to hash the boot files; without, <see cref="BootChecksum"/> stays empty (for a deployment whose boot
    /// checksum is already known: the kernel is megabytes, hashed once at deploy time is enough).
    /// </param>
    internal static KernelLayout? Find(string deploymentDirectory, CancellationToken cancellationToken, bool computeBootChecksum = true)
    {
        var modules = deploymentDirectory + "/usr/lib/modules";
        if (!PosixFileSystem.TryStat(modules, out var modulesStat) || !PosixFileSystem.IsDirectory(modulesStat))
        {
            return null;
        }

        foreach (var entry in Directory.EnumerateFileSystemEntries(modules))
        {
            if (!PosixFileSystem.TryLstat(entry, out var st) || !PosixFileSystem.IsDirectory(st))
            {
                continue;
            }

            if (PosixFileSystem.TryStat(entry + "/vmlinuz", out var kernel) && PosixFileSystem.IsRegular(kernel))
            {
                var layout = new KernelLayout(entry, Path.GetFileName(entry));
                if (!computeBootChecksum)
                {
                    layout.Inspect(null, cancellationToken);
                    return layout;
                }

                using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                layout.Inspect(hash, cancellationToken);
                layout.BootChecksum = Convert.ToHexStringLower(hash.GetHashAndReset());
                return layout;
            }
        }

        return null;
    }

    /// <summary>Finds the boot files; with <paramref name="hash"/>, also feeds them to it in the boot checksum's order.</summary>
    private void Inspect(IncrementalHash? hash, CancellationToken cancellationToken)
    {
        if (hash is not null)
        {
            HashFile(hash, ModuleDirectory + "/vmlinuz", cancellationToken);
        }

        foreach (var name in new[] { "initramfs.img", "initramfs" })
        {
            if (File.Exists(ModuleDirectory + "/" + name))
            {
                InitramfsSource = name;
                if (hash is not null)
                {
                    HashFile(hash, ModuleDirectory + "/" + name, cancellationToken);
                }

                break;
            }
        }

        if (File.Exists(ModuleDirectory + "/devicetree"))
        {
            DevicetreeSource = "devicetree";
            if (hash is not null)
            {
                HashFile(hash, ModuleDirectory + "/devicetree", cancellationToken);
            }
        }
        else if (PosixFileSystem.TryStat(ModuleDirectory + "/dtb", out var dtb) && PosixFileSystem.IsDirectory(dtb))
        {
            DevicetreeSource = "dtb";
            DevicetreeIsDirectory = true;
            if (hash is not null)
            {
                HashDirectory(hash, ModuleDirectory + "/dtb", cancellationToken);
            }
        }

        HasHmac = PosixFileSystem.TryStat(ModuleDirectory + "/.vmlinuz.hmac", out _);
    }

    private static void HashFile(IncrementalHash hash, string path, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(128 * 1024);
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            int read;
            while ((read = stream.Read(buffer)) > 0)
            {
                hash.AppendData(buffer, 0, read);
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // libostree's checksum_dir_recurse: names sorted bytewise, directories recursed, everything else read (following links).
    private static void HashDirectory(IncrementalHash hash, string directory, CancellationToken cancellationToken)
    {
        var names = Directory.EnumerateFileSystemEntries(directory).Select(Path.GetFileName).ToList();
        names.Sort(StringComparer.Ordinal);
        foreach (var name in names)
        {
            var path = directory + "/" + name;
            if (!PosixFileSystem.TryLstat(path, out var st))
            {
                continue;
            }

            if (PosixFileSystem.IsDirectory(st))
            {
                HashDirectory(hash, path, cancellationToken);
            }
            else if (File.Exists(path))
            {
                HashFile(hash, path, cancellationToken);
            }
        }
    }
}
