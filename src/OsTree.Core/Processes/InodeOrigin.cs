using OsTree.Objects;

namespace OsTree.Processes;

/// <summary>Where an inode mapped by some process was found: which deployments hold it, where, and which object it is.</summary>
internal sealed class InodeOrigin
{
    public ulong Deployments;
    public int FirstDeployment = -1;
    public string? FirstPath;
    public Checksum? Object;
}
