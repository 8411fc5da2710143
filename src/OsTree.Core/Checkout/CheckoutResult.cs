namespace OsTree.Checkout;

/// <summary>What a checkout did, for reports and throughput figures.</summary>
public sealed class CheckoutResult
{
    internal CheckoutResult(string destination, CheckoutCounters counters, TimeSpan elapsed)
    {
        Destination = destination;
        Directories = counters.Directories;
        HardLinks = counters.HardLinks;
        Copies = counters.Copies;
        SymbolicLinks = counters.SymbolicLinks;
        Kept = counters.Kept;
        WhiteoutsApplied = counters.Whiteouts;
        BytesLinked = counters.BytesLinked;
        BytesCopied = counters.BytesCopied;
        Elapsed = elapsed;
    }

    /// <summary>The directory the tree was checked out into.</summary>
    public string Destination { get; }

    /// <summary>Directories created or entered.</summary>
    public long Directories { get; }

    /// <summary>Files hard-linked to repository objects.</summary>
    public long HardLinks { get; }

    /// <summary>Regular files copied (or made by a custom <see cref="IFileMaterializer"/>).</summary>
    public long Copies { get; }

    /// <summary>Symbolic links created (bare-mode links that were hard-linked count in <see cref="HardLinks"/>).</summary>
    public long SymbolicLinks { get; }

    /// <summary>Existing files left in place by a union mode.</summary>
    public long Kept { get; }

    /// <summary>Whiteout entries processed.</summary>
    public long WhiteoutsApplied { get; }

    /// <summary>Bytes of the hard-linked files.</summary>
    public long BytesLinked { get; }

    /// <summary>Bytes of the copied files.</summary>
    public long BytesCopied { get; }

    /// <summary>All files placed: hard links, copies and symbolic links.</summary>
    public long Files => HardLinks + Copies + SymbolicLinks;

    /// <summary>Wall time of the checkout.</summary>
    public TimeSpan Elapsed { get; }
}
