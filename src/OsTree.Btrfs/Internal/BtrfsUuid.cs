namespace OsTree.Btrfs.Internal;

/// <summary>UUIDs as btrfs stores them: 16 bytes in text order (so read big-endian to print like <c>btrfs</c> does).</summary>
internal static class BtrfsUuid
{
    internal static Guid Read(ReadOnlySpan<byte> bytes) => new(bytes[..16], bigEndian: true);

    /// <summary>The UUID, or null when all zero (btrfs prints "-").</summary>
    internal static Guid? ReadOptional(ReadOnlySpan<byte> bytes)
    {
        var uuid = Read(bytes);
        return uuid == Guid.Empty ? null : uuid;
    }

    internal static DateTimeOffset ReadTime(ulong seconds, uint nanoseconds)
        => DateTimeOffset.FromUnixTimeSeconds((long)Math.Min(seconds, 253402300799UL)).AddTicks(nanoseconds / 100);
}
