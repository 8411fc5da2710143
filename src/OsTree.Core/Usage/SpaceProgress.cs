namespace OsTree.Usage;

/// <summary>Progress of a <see cref="SpaceAccountant"/> measure, reported each time a tree has been walked.</summary>
/// <param name="TreesWalked">Trees finished so far.</param>
/// <param name="TreesTotal">Trees to walk: deployments, the repository's objects and the retained trees.</param>
/// <param name="EntriesWalked">Directory entries examined so far, over all trees.</param>
public readonly record struct SpaceProgress(int TreesWalked, int TreesTotal, long EntriesWalked);
