namespace OsTree.Deployments;

/// <summary>What <see cref="IWorkingTreeBackend.CreateWorkingTree"/> makes a working tree from.</summary>
public sealed class WorkingTreeRequest
{
    /// <summary>The sysroot's absolute path.</summary>
    public required string SysrootPath { get; init; }

    /// <summary>The sysroot's repository.</summary>
    public required string RepositoryPath { get; init; }

    /// <summary>The deployment's commit (64 hex digits).</summary>
    public required string Commit { get; init; }

    /// <summary>The deployment's directory (its <c>/etc</c> holds local changes; the transaction replaces it with <c>usr/etc</c>).</summary>
    public required string DeploymentPath { get; init; }

    /// <summary>Where the working tree goes; it does not exist yet, its parent does.</summary>
    public required string TargetPath { get; init; }
}
