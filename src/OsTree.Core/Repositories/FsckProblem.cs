using OsTree.Objects;

namespace OsTree.Repositories;

/// <summary>One bad or missing object, with the commits whose trees reach it and the refs naming those commits.</summary>
/// <param name="Object">The object.</param>
/// <param name="Kind">What is wrong.</param>
/// <param name="Message">A one-line description.</param>
/// <param name="Commits">The commits affected (sorted).</param>
/// <param name="Refs">The refs whose commit is affected (sorted).</param>
public sealed record FsckProblem(ObjectId Object, FsckProblemKind Kind, string Message, IReadOnlyList<Checksum> Commits, IReadOnlyList<string> Refs);
