using OsTree.Packaging.Dpkg;
using OsTree.Packaging.Rpm;
using OsTree.TestSupport;

namespace OsTree.Packaging.Tests;

/// <summary>
/// <c>tests/corpus/rpm</c> (crafted header blobs: absurd counts and lengths, regions and strings out of range) and
/// <c>tests/corpus/dpkg</c> (crafted status files): every entry is refused with <see cref="InvalidDataException"/>
/// and bounded allocation.
/// </summary>
public sealed class PackagingCorpusTests
{
    [Fact]
    public void Every_crafted_rpm_header_is_refused_with_InvalidDataException()
    {
        var failures = new List<string>();
        foreach (var entry in Corpus.Files("rpm"))
        {
            var blob = File.ReadAllBytes(entry);
            if (Corpus.Check<InvalidDataException>(entry, blob.Length, () => RpmHeader.Parse(blob)) is { } failure)
            {
                failures.Add(failure);
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Fact]
    public void Every_crafted_dpkg_status_file_is_refused_with_InvalidDataException()
    {
        var failures = new List<string>();
        foreach (var entry in Corpus.Files("dpkg"))
        {
            var bytes = File.ReadAllBytes(entry);
            if (Corpus.Check<InvalidDataException>(entry, bytes.Length, () => _ = DpkgDatabase.ParseStatus(bytes, "/var/lib/dpkg/status")) is { } failure)
            {
                failures.Add(failure);
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }
}
