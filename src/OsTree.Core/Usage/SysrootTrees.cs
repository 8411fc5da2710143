using OsTree.Deployments;

namespace OsTree.Usage;

/// <summary>The deployments of a <see cref="Sysroot"/> as trees, with ids shared by the space and restart reports.</summary>
internal static class SysrootTrees
{
    /// <summary>
    /// One tree per deployment, in boot order. The id is libostree's <c>$checksum.$serial</c>, prefixed with the
    /// stateroot (<c>os/…</c>) for every deployment when two stateroots hold the same name.
    /// </summary>
    public static DeploymentTree[] Of(Sysroot sysroot)
    {
        ArgumentNullException.ThrowIfNull(sysroot);
        var deployments = sysroot.Deployments;
        var qualify = deployments.Select(d => d.Name).Distinct(StringComparer.Ordinal).Count() != deployments.Count;
        return deployments
            .Select(d => new DeploymentTree(IdOf(d, qualify), sysroot.GetDeploymentDirectory(d)))
            .ToArray();
    }

    /// <summary>The id <see cref="Of"/> gives <paramref name="deployment"/>.</summary>
    public static string IdOf(Sysroot sysroot, Deployment deployment)
    {
        var deployments = sysroot.Deployments;
        var qualify = deployments.Select(d => d.Name).Distinct(StringComparer.Ordinal).Count() != deployments.Count;
        return IdOf(deployment, qualify);
    }

    /// <summary>Each stateroot's <c>var</c>, which no undeploy removes.</summary>
    public static string[] StaterootVars(Sysroot sysroot)
        => sysroot.GetStateRoots()
            .Select(os => Path.Combine(sysroot.Path, "ostree", "deploy", os, "var"))
            .Where(Directory.Exists)
            .ToArray();

    private static string IdOf(Deployment deployment, bool qualify) => qualify ? $"{deployment.OsName}/{deployment.Name}" : deployment.Name;
}
