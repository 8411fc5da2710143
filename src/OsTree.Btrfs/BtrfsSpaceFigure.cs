namespace OsTree.Btrfs;

/// <summary>A byte count together with what it covers.</summary>
/// <param name="Bytes">The figure.</param>
/// <param name="Basis">How it was measured.</param>
/// <param name="Covers">A human label, e.g. "data, approximate (no metadata)" or "data+metadata from qgroup 1/100".</param>
public sealed record BtrfsSpaceFigure(ulong Bytes, BtrfsSpaceBasis Basis, string Covers)
{
    internal const string FiemapLabel = "data, approximate (no metadata)";

    internal static BtrfsSpaceFigure Fiemap(ulong bytes) => new(bytes, BtrfsSpaceBasis.FiemapData, FiemapLabel);

    internal static BtrfsSpaceFigure FromQgroup(ulong bytes, BtrfsQgroupId qgroup) => new(bytes, BtrfsSpaceBasis.Qgroup, $"data+metadata from qgroup {qgroup}");

    /// <summary>The figure with its label, e.g. "37.4 MiB (data, approximate (no metadata))".</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"{Bytes} bytes ({Covers})";
}
