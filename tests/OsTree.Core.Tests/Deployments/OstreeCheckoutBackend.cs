using OsTree.Deployments;
using OsTree.TestSupport;

namespace OsTree.Core.Tests.Deployments;

/// <summary>
/// A deployment backend for tests that makes the tree with <c>ostree checkout</c> (hard links from the bare sysroot
/// repository, as libostree's deploy does), so the sysroot logic is tested independently of our checkout engine.
/// </summary>
internal sealed class OstreeCheckoutBackend : IDeploymentBackend
{
    public string Name => "ostree-checkout";

    public void CreateTree(DeploymentTreeRequest request, CancellationToken cancellationToken)
        => Tool.Check("ostree", "checkout", "--repo=" + request.RepositoryPath, request.Commit, request.TargetPath);

    public void DeleteTree(string path, CancellationToken cancellationToken)
        => Tool.Check("rm", "-rf", path);
}
