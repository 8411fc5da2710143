using System.Runtime.InteropServices;

namespace OsTree.Cli.Native;

/// <summary>
/// Maps the garbage collector's first small-object and large-object memory in two calls, before the verb runs.
/// </summary>
/// <remarks>
/// The GC commits its regions a few pages at a time and touches each new page once; on the virtual machines this
/// project runs on, each of those first touches is a page fault costing 15-30 us. A verb that reads a package
/// database allocates 1-3 MiB, so its faults cost more than the parsing. <c>MADV_POPULATE_WRITE</c> maps a whole range
/// of zero pages in one call (kernel 5.14+). The range follows a first allocation, inside the GC region it landed in,
/// which the GC has reserved (PROT_NONE) and will commit itself later: making it read-write first changes nothing the
/// GC relies on, because the pages stay zero (populating writes nothing) and the GC's own commit of them is then a
/// no-op. Every step is a hint; any failure leaves the pages to fault in as before.
/// </remarks>
internal static unsafe partial class HeapPrefault
{
    private const int ProtReadWrite = 0x3;
    private const int MadvPopulateWrite = 23;

    // The GC's basic region size on 64-bit (regions are aligned to it), and the large-object region: 8 of them.
    private const long SmallRegionSize = 4L << 20;
    private const long LargeRegionSize = 32L << 20;

    // How much to map ahead. Populating costs about a third of what faulting does per page, so mapping pages that
    // are never used is not free: 2 MiB and 1 MiB were the best of the sizes measured for db list (benchmarks/
    // compare-packages.sh), and cost --version 0.5 ms.
    private const long SmallObjectBytes = 2L << 20;
    private const long LargeObjectBytes = 1L << 20;

    // The smallest array the GC puts on the large-object heap.
    private const int LargeObjectThreshold = 85_000;

    /// <summary>Maps ahead the first megabytes of the current gen0 region and of the large-object region.</summary>
    public static void Run()
    {
        if (!OperatingSystem.IsLinux() || !Environment.Is64BitProcess || Environment.SystemPageSize != 4096)
        {
            return;
        }

        Populate(new byte[1], SmallObjectBytes, SmallRegionSize);
        Populate(new byte[LargeObjectThreshold], LargeObjectBytes, LargeRegionSize);
    }

    private static void Populate(byte[] probe, long length, long regionSize)
    {
        long address;
        fixed (byte* p = probe)
        {
            address = (long)p;
        }

        var page = (long)Environment.SystemPageSize;
        var start = (address + probe.Length + page - 1) & ~(page - 1);
        var regionEnd = (address + regionSize) & ~(regionSize - 1);
        var end = Math.Min(regionEnd, start + length);
        if (end <= start)
        {
            return;
        }

        if (MProtect((nint)start, (nuint)(end - start), ProtReadWrite) == 0)
        {
            _ = MAdvise((nint)start, (nuint)(end - start), MadvPopulateWrite);
        }
    }

    [LibraryImport("libc", EntryPoint = "mprotect")]
    private static partial int MProtect(nint address, nuint length, int protection);

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static partial int MAdvise(nint address, nuint length, int advice);
}
