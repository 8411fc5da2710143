namespace OsTree.Usage;

/// <summary>Whether a pending deploy fits on the repository's filesystem, by libostree's own rule.</summary>
/// <param name="NewObjects">Distinct content objects the repository does not have yet.</param>
/// <param name="NewObjectsApparentBytes">Their total size.</param>
/// <param name="RequiredBytes">
/// The space libostree reserves for them: (size ÷ block size + 1) blocks per object, which is what its
/// transaction counts against the floor.
/// </param>
/// <param name="FreeBytes">
/// Free space as libostree counts it: <see cref="FileSystemSpace.FreeBytes"/> for a privileged process,
/// <see cref="FileSystemSpace.AvailableBytes"/> otherwise.
/// </param>
/// <param name="ReservedBytes">The floor the repository keeps free (<see cref="MinimumFreeSpace"/>).</param>
/// <param name="UsableBytes">What the deploy may use: free less reserved, rounded down to blocks, never negative.</param>
/// <param name="Fits">Whether <paramref name="RequiredBytes"/> ≤ <paramref name="UsableBytes"/>.</param>
/// <param name="ShortfallBytes">How much more space is needed when it does not fit; 0 when it does.</param>
public sealed record PreflightReport(
    long NewObjects,
    long NewObjectsApparentBytes,
    long RequiredBytes,
    long FreeBytes,
    long ReservedBytes,
    long UsableBytes,
    bool Fits,
    long ShortfallBytes);
