using System.Globalization;

namespace OsTree.Deployments;

/// <summary>
/// One deployed OS tree of a sysroot: the commit checked out in <c>ostree/deploy/$os/deploy/$csum.$serial</c>, its
/// boot-loader entry and its origin. Instances are snapshots taken by <see cref="Sysroot.Load"/>.
/// </summary>
public sealed class Deployment
{
    internal Deployment(string osName, string checksum, int deploySerial, string bootChecksum, int bootSerial, int index, BootLoaderEntry bootConfig, DeploymentOrigin? origin, bool isBooted)
    {
        OsName = osName;
        Checksum = checksum;
        DeploySerial = deploySerial;
        BootChecksum = bootChecksum;
        BootSerial = bootSerial;
        Index = index;
        BootConfig = bootConfig;
        Origin = origin;
        IsBooted = isBooted;
    }

    /// <summary>The stateroot (operating-system name) the deployment belongs to.</summary>
    public string OsName { get; }

    /// <summary>The commit checksum (64 hexadecimal characters).</summary>
    public string Checksum { get; }

    /// <summary>The serial that tells apart deployments of the same commit in one stateroot (.0, .1, …).</summary>
    public int DeploySerial { get; }

    /// <summary>The SHA-256 of the kernel, initramfs and device tree: names <c>boot/ostree/$os-$bootcsum</c>.</summary>
    public string BootChecksum { get; }

    /// <summary>The index among the deployments that share <see cref="BootChecksum"/>.</summary>
    public int BootSerial { get; }

    /// <summary>The position in the boot order; 0 boots by default.</summary>
    public int Index { get; }

    /// <summary>The boot-loader entry (a copy of what is on disk).</summary>
    public BootLoaderEntry BootConfig { get; }

    /// <summary>The origin file, or <see langword="null"/> when the deployment has none.</summary>
    public DeploymentOrigin? Origin { get; }

    /// <summary>Whether this is the deployment the running system booted from.</summary>
    public bool IsBooted { get; }

    /// <summary>Whether retention keeps this deployment whatever happens (<c>admin pin</c>).</summary>
    public bool IsPinned => Origin?.IsPinned ?? false;

    /// <summary>The kernel command line of the boot entry, including <c>ostree=</c>.</summary>
    public KernelArguments KernelArguments => KernelArguments.Parse(BootConfig.Options);

    /// <summary>The directory name, <c>$csum.$serial</c>.</summary>
    public string Name => $"{Checksum}.{DeploySerial.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The deployment directory, relative to the sysroot.</summary>
    public string RelativePath => $"ostree/deploy/{OsName}/deploy/{Name}";

    /// <summary>The origin file, relative to the sysroot.</summary>
    public string OriginRelativePath => RelativePath + ".origin";

    /// <summary>Whether both denote the same deployment directory (stateroot, commit and serial).</summary>
    /// <param name="other">Another deployment.</param>
    /// <returns><see langword="true"/> for the same directory.</returns>
    public bool IsSameDeployment(Deployment? other)
        => other is not null && other.OsName == OsName && other.Checksum == Checksum && other.DeploySerial == DeploySerial;

    /// <inheritdoc/>
    public override string ToString() => $"{OsName} {Name}";

    internal Deployment With(int? index = null, int? bootSerial = null, BootLoaderEntry? bootConfig = null, DeploymentOrigin? origin = null)
        => new(OsName, Checksum, DeploySerial, BootChecksum, bootSerial ?? BootSerial, index ?? Index, bootConfig ?? BootConfig, origin ?? Origin, IsBooted);
}
