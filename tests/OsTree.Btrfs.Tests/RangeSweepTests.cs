using OsTree.Btrfs.Internal;

namespace OsTree.Btrfs.Tests;

/// <summary>The set arithmetic behind the FIEMAP figures, checked against a byte-by-byte count.</summary>
public sealed class RangeSweepTests
{
    [Fact]
    public void Ranges_are_merged_and_counted_once()
    {
        (ulong, ulong)[] pairs = [(100, 50), (0, 10), (140, 20), (10, 5), (200, 0), (300, 1)];
        var set = ExtentRangeSet.FromUnsorted(pairs);
        Assert.Equal([0UL, 15, 100, 160, 300, 301], set.Bounds);
        Assert.Equal(15UL + 60 + 1, set.TotalBytes);
        Assert.Same(ExtentRangeSet.Empty, ExtentRangeSet.FromUnsorted([]));
    }

    [Fact]
    public void Sweep_matches_a_byte_by_byte_count_on_random_sets()
    {
        var random = new Random(3);
        for (var round = 0; round < 200; round++)
        {
            var count = random.Next(1, 6);
            var roles = Enumerable.Range(0, count).Select(i => i == 0 ? RangeSetRole.Current : (RangeSetRole)random.Next(1, 3)).ToList();
            var bytes = new List<bool[]>();
            var sets = new List<ExtentRangeSet>();
            for (var k = 0; k < count; k++)
            {
                var map = new bool[256];
                var pairs = new (ulong, ulong)[random.Next(0, 8)];
                for (var p = 0; p < pairs.Length; p++)
                {
                    var start = (ulong)random.Next(0, 240);
                    var length = (ulong)random.Next(0, 16);
                    pairs[p] = (start, length);
                    for (var b = start; b < start + length; b++)
                    {
                        map[b] = true;
                    }
                }

                bytes.Add(map);
                sets.Add(ExtentRangeSet.FromUnsorted(pairs));
                Assert.Equal((ulong)map.Count(x => x), sets[k].TotalBytes);
            }

            var result = RangeSweep.Run(sets, roles);

            ulong freed = 0;
            var exclusive = new ulong[count];
            for (var b = 0; b < 256; b++)
            {
                var holders = Enumerable.Range(0, count).Where(k => bytes[k][b]).ToList();
                if (holders.Any(k => roles[k] == RangeSetRole.Other) && holders.All(k => roles[k] == RangeSetRole.Other))
                {
                    freed++;
                }

                if (holders.Count == 1)
                {
                    exclusive[holders[0]]++;
                }
            }

            Assert.Equal(freed, result.FreedIfAllOthersDeleted);
            Assert.Equal(exclusive, result.ExclusivePerSet);
        }
    }
}
