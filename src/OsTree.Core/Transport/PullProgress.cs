namespace OsTree.Transport;

/// <summary>A snapshot of a pull in progress, reported through <see cref="IProgress{T}"/>.</summary>
/// <param name="MetadataObjectsFetched">Commits, dirtrees and dirmetas fetched and stored so far.</param>
/// <param name="ContentObjectsFetched">File objects fetched and stored so far.</param>
/// <param name="ObjectsPending">Objects known to be missing and not yet stored (the number grows as trees are read).</param>
/// <param name="ObjectsAlreadyPresent">Objects skipped because the repository already had them.</param>
/// <param name="BytesTransferred">Bytes received from the remote (compressed, as sent).</param>
/// <param name="Elapsed">Time since the pull started.</param>
public readonly record struct PullProgress(
    long MetadataObjectsFetched,
    long ContentObjectsFetched,
    long ObjectsPending,
    long ObjectsAlreadyPresent,
    long BytesTransferred,
    TimeSpan Elapsed)
{
    /// <summary>All objects fetched and stored so far.</summary>
    public long ObjectsFetched => MetadataObjectsFetched + ContentObjectsFetched;

    /// <summary>The average transfer rate since the start, in bytes per second.</summary>
    public double BytesPerSecond => Elapsed > TimeSpan.Zero ? BytesTransferred / Elapsed.TotalSeconds : 0;
}
