namespace OsTree.Usage;

/// <summary>What the accountant knows of one inode once every tree has been walked.</summary>
internal struct InodeUsage
{
    public const byte InRepository = 1;
    public const byte InRetainedTree = 2;
    public const byte RetainedObject = 4;

    public long Blocks;
    public long Size;
    public uint LinkCount;
    public uint LinksSeen;

    /// <summary>Bit <c>i</c> set: the inode is in deployment <c>i</c> of the request.</summary>
    public ulong Deployments;

    public byte Flags;
    public InodeKind Kind;

    public readonly SpaceAmount Amount => new(Blocks * 512, Size, 1);

    /// <summary>Whether something the walk did not see links the file (directories' link counts mean something else).</summary>
    public readonly bool HasOutsideLinks => Kind != InodeKind.Directory && LinksSeen < LinkCount;

    /// <summary>Whether deleting every deployment that has it would still leave it on disk.</summary>
    public readonly bool IsKept => (Flags & (InRetainedTree | RetainedObject)) != 0 || HasOutsideLinks;
}
