namespace OsTree.Deployments;

/// <summary>What <see cref="Sysroot.Deploy"/> did.</summary>
public sealed class DeployResult
{
    internal DeployResult(Deployment deployment, Deployment? mergeDeployment, EtcMergePlan? etcMerge)
    {
        Deployment = deployment;
        MergeDeployment = mergeDeployment;
        EtcMerge = etcMerge;
    }

    /// <summary>The new deployment, as listed after the boot configuration was swapped.</summary>
    public Deployment Deployment { get; }

    /// <summary>The deployment whose <c>/etc</c> and kernel arguments were carried over, if any.</summary>
    public Deployment? MergeDeployment { get; }

    /// <summary>The <c>/etc</c> merge that was applied, when there was a merge deployment.</summary>
    public EtcMergePlan? EtcMerge { get; }
}
