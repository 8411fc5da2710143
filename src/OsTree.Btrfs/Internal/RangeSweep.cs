namespace OsTree.Btrfs.Internal;

/// <summary>
/// One k-way sweep over merged range sets: at every boundary it knows how many sets of each role cover the next
/// stretch, which yields |∪others − ∪kept| and, per set, the bytes no other set covers, in O(n log k).
/// </summary>
internal static class RangeSweep
{
    internal static RangeSweepResult Run(IReadOnlyList<ExtentRangeSet> sets, IReadOnlyList<RangeSetRole> roles)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(sets.Count, roles.Count);
        var exclusive = new ulong[sets.Count];
        var cursor = new int[sets.Count];
        var queue = new PriorityQueue<int, ulong>(sets.Count);
        for (var k = 0; k < sets.Count; k++)
        {
            if (sets[k].Bounds.Length > 0)
            {
                queue.Enqueue(k, sets[k].Bounds[0]);
            }
        }

        ulong freed = 0;
        int active = 0, activeOthers = 0, activeKept = 0;
        long activeIndexSum = 0;
        ulong position = 0;
        while (queue.TryPeek(out _, out var next))
        {
            // Account the stretch [position, next) with the coverage as it stood.
            if (next > position && active > 0)
            {
                var length = next - position;
                if (activeOthers > 0 && activeKept == 0)
                {
                    freed += length;
                }

                if (active == 1)
                {
                    exclusive[activeIndexSum] += length;
                }
            }

            position = next;

            // Apply every boundary at this position.
            while (queue.TryPeek(out var k, out var at) && at == position)
            {
                queue.Dequeue();
                var isStart = (cursor[k] & 1) == 0;
                var delta = isStart ? 1 : -1;
                active += delta;
                activeIndexSum += isStart ? k : -k;
                if (roles[k] == RangeSetRole.Other)
                {
                    activeOthers += delta;
                }
                else
                {
                    activeKept += delta;
                }

                cursor[k]++;
                if (cursor[k] < sets[k].Bounds.Length)
                {
                    queue.Enqueue(k, sets[k].Bounds[cursor[k]]);
                }
            }
        }

        return new RangeSweepResult(freed, exclusive);
    }
}
