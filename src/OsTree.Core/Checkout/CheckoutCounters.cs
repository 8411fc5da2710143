namespace OsTree.Checkout;

/// <summary>Per-thread tallies, summed when the checkout ends (no shared counter on the hot path).</summary>
internal sealed class CheckoutCounters
{
    public long Directories;
    public long HardLinks;
    public long Copies;
    public long SymbolicLinks;
    public long Kept;
    public long Whiteouts;
    public long BytesLinked;
    public long BytesCopied;

    public void Add(CheckoutCounters other)
    {
        Directories += other.Directories;
        HardLinks += other.HardLinks;
        Copies += other.Copies;
        SymbolicLinks += other.SymbolicLinks;
        Kept += other.Kept;
        Whiteouts += other.Whiteouts;
        BytesLinked += other.BytesLinked;
        BytesCopied += other.BytesCopied;
    }
}
