using OsTree.GVariant;
using OsTree.Objects;
using OsTree.Packaging.Dpkg;
using OsTree.Packaging.Rpm;

namespace OsTree.Fuzz;

/// <summary>
/// The fuzz targets: each parses bytes from an untrusted source. <see cref="InvalidDataException"/> is the expected
/// refusal; any other exception escapes, and AFL records the input as a crash.
/// </summary>
internal static class Targets
{
    public static IReadOnlyDictionary<string, Action<byte[]>> All { get; } = new Dictionary<string, Action<byte[]>>(StringComparer.Ordinal)
    {
        ["gvariant"] = b => GVariantValue.Parse(GVariantType.Parse("(a{sv}aya(say)sstayay)"), b),
        ["gvariant-variant"] = b => GVariantValue.Parse(GVariantType.Variant, b),
        ["commit"] = b => Commit.Parse(b),
        ["dirtree"] = b => DirTree.Parse(b),
        ["dirmeta"] = b => DirMeta.Parse(b),
        ["filez-header"] = b => FileHeader.ParseArchiveFramed(b, out _, out _),
        ["rpm-header"] = b => RpmHeader.Parse(b),
        ["dpkg-status"] = b => _ = DpkgDatabase.ParseStatus(b, "/var/lib/dpkg/status"),
    };

    public static void Run(Action<byte[]> target, byte[] input)
    {
        try
        {
            target(input);
        }
        catch (InvalidDataException)
        {
            // The expected refusal of malformed bytes.
        }
    }
}
