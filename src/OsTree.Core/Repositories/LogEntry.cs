using OsTree.Objects;

namespace OsTree.Repositories;

/// <summary>One commit of a history walk (<see cref="Repository.Log"/>).</summary>
/// <param name="Checksum">The commit's name.</param>
/// <param name="Commit">The verified commit.</param>
public readonly record struct LogEntry(Checksum Checksum, Commit Commit);
