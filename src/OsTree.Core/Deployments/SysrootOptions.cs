using Microsoft.Extensions.Logging;

namespace OsTree.Deployments;

/// <summary>How a <see cref="Sysroot"/> does its work.</summary>
public sealed class SysrootOptions
{
    /// <summary>Where progress and decisions are logged; nothing is logged when <see langword="null"/>.</summary>
    public ILogger? Logger { get; init; }

    /// <summary>
    /// How deployment directories are made and removed; <see langword="null"/> uses the hard-link checkout from the
    /// sysroot's repository.
    /// </summary>
    public IDeploymentBackend? Backend { get; init; }
}
