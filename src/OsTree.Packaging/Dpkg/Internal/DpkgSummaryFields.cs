namespace OsTree.Packaging.Dpkg.Internal;

/// <summary>The values of a stanza that a package summary needs, found while the stanza was parsed.</summary>
internal struct DpkgSummaryFields
{
    public DpkgValueSlice? InstalledSize { get; set; }

    public DpkgValueSlice? Description { get; set; }

    public DpkgValueSlice? Source { get; set; }
}
