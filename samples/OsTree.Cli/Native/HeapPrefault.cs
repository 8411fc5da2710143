using System.Runtime.InteropServices;

namespace OsTree.Cli.Native;

/// <summary>
/// Backs the garbage collector's first small-object and large-object memory with one huge page each, before the verb
/// runs.
/// </summary>
/// <remarks>
/// <para>
/// The GC commits its regions a few pages at a time and touches each new page once. On the virtual machines this
/// project runs on, the first touch of a 4 KiB page costs about 20 us, and still about 11 us when the kernel has
/// mapped the page beforehand (MADV_POPULATE_WRITE); a 2 MiB huge page costs about 0.15 ms in all. A verb that reads
/// a package database allocates 1-3 MiB, so with small pages those first touches cost more than the parsing.
/// </para>
/// <para>
/// The range is the 2 MiB-aligned block holding a first allocation, inside the GC region it landed in. The GC has
/// reserved the block (PROT_NONE) and committed its first pages (read-write, included in core dumps): the rest is made
/// the same, so that the block is one mapping, and MADV_COLLAPSE (Linux 6.1+) then replaces it with a huge page,
/// copying the pages already in use. Making reserved pages read-write first changes nothing the GC relies on, because
/// they stay zero and the GC's own commit of them is then a no-op. Without MADV_COLLAPSE, or with transparent huge
/// pages unavailable or set to <c>never</c>, the small pages ahead of the allocation are mapped with
/// MADV_POPULATE_WRITE (Linux 5.14+) instead; every step is a hint, and any failure leaves the pages to fault in as
/// they are touched.
/// </para>
/// </remarks>
internal static unsafe partial class HeapPrefault
{
    private const int ProtReadWrite = 0x3;
    private const int MadvHugePage = 14;
    private const int MadvDoDump = 17;
    private const int MadvPopulateWrite = 23;
    private const int MadvCollapse = 25;

    private const long HugePageSize = 2L << 20;

    // The GC's basic region size on 64-bit: regions are aligned to it and at least this long.
    private const long RegionSize = 4L << 20;

    // Small pages mapped ahead when no huge page can be had: populating costs about a third of what faulting does
    // per page, so pages that are never used are not free. 2 MiB and 1 MiB were the best of the sizes measured for
    // db list (benchmarks/compare-packages.sh).
    private const long SmallObjectFallbackBytes = 2L << 20;
    private const long LargeObjectFallbackBytes = 1L << 20;

    // The smallest array the GC puts on the large-object heap.
    private const int LargeObjectThreshold = 85_000;

    /// <summary>Backs the first 2 MiB of the current gen0 region and of the large-object region with huge pages.</summary>
    public static void Run()
    {
        if (!OperatingSystem.IsLinux() || !Environment.Is64BitProcess || Environment.SystemPageSize != 4096)
        {
            return;
        }

        var hugePages = HugePagesAllowed();
        Prepare(new byte[1], SmallObjectFallbackBytes, hugePages);
        Prepare(new byte[LargeObjectThreshold], LargeObjectFallbackBytes, hugePages);
    }

    // MADV_COLLAPSE ignores the system-wide setting; an administrator who turned transparent huge pages off gets none.
    private static bool HugePagesAllowed()
    {
        try
        {
            using var handle = File.OpenHandle("/sys/kernel/mm/transparent_hugepage/enabled");
            Span<byte> setting = stackalloc byte[64];
            var length = RandomAccess.Read(handle, setting, 0);
            return setting[..length].IndexOf("[never]"u8) < 0;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static void Prepare(byte[] probe, long fallbackLength, bool hugePages)
    {
        long address;
        fixed (byte* p = probe)
        {
            address = (long)p;
        }

        // Regions are aligned to their size and huge pages to theirs, which divides it: the block lies in the region.
        var block = address & ~(HugePageSize - 1);
        if (hugePages
            && MProtect((nint)block, (nuint)HugePageSize, ProtReadWrite) == 0
            && MAdvise((nint)block, (nuint)HugePageSize, MadvDoDump) == 0
            && MAdvise((nint)block, (nuint)HugePageSize, MadvHugePage) == 0
            && MAdvise((nint)block, (nuint)HugePageSize, MadvCollapse) == 0)
        {
            return;
        }

        var page = (long)Environment.SystemPageSize;
        var start = (address + probe.Length + page - 1) & ~(page - 1);
        var regionEnd = (address + RegionSize) & ~(RegionSize - 1);
        var end = Math.Min(regionEnd, start + fallbackLength);
        if (end > start && MProtect((nint)start, (nuint)(end - start), ProtReadWrite) == 0)
        {
            _ = MAdvise((nint)start, (nuint)(end - start), MadvPopulateWrite);
        }
    }

    [LibraryImport("libc", EntryPoint = "mprotect")]
    private static partial int MProtect(nint address, nuint length, int protection);

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static partial int MAdvise(nint address, nuint length, int advice);
}
