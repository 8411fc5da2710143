namespace OsTree.Packaging.Status;

/// <summary>Where <see cref="SystemStatusReader.ReadAsync"/> is: a stage and, within it, a count of work done.</summary>
/// <param name="Stage">
/// <c>packages</c> (package databases read, per deployment), <c>space</c> (entries walked) or <c>restarts</c>
/// (processes read).
/// </param>
/// <param name="Done">Units of the stage done so far.</param>
/// <param name="Total">Units the stage has in all, or 0 when not known in advance.</param>
public readonly record struct SystemStatusProgress(string Stage, long Done, long Total);
