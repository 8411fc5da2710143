namespace OsTree.Btrfs.Internal;

/// <summary>The figures one sweep over several range sets produces.</summary>
/// <param name="FreedIfAllOthersDeleted">Bytes referenced by some <see cref="RangeSetRole.Other"/> set and by no kept set.</param>
/// <param name="ExclusivePerSet">Per set, bytes referenced by that set alone.</param>
internal sealed record RangeSweepResult(ulong FreedIfAllOthersDeleted, ulong[] ExclusivePerSet);
