using OsTree.Objects;
using OsTree.TestSupport;

namespace OsTree.Core.Tests.Corpus;

/// <summary>
/// <c>tests/corpus/gvariant/TYPE/*</c>: crafted metadata objects (hostile names, overlapping and out-of-range framing
/// offsets, wrong checksum lengths, absurd type nesting). Every one is refused with <see cref="InvalidDataException"/>.
/// </summary>
public sealed class GVariantCorpusTests
{
    private static readonly Dictionary<string, Action<byte[]>> Parsers = new(StringComparer.Ordinal)
    {
        ["commit"] = b => Commit.Parse(b),
        ["dirtree"] = b => DirTree.Parse(b),
        ["dirmeta"] = b => DirMeta.Parse(b),
        ["commitmeta"] = b => CommitMeta.Parse(b),
        ["filez"] = b => FileHeader.ParseArchiveFramed(b, out _, out _),
        ["file-header"] = b => FileHeader.ParseFramed(b, out _),
    };

    [Fact]
    public void Every_crafted_metadata_object_is_refused_with_InvalidDataException()
    {
        var failures = new List<string>();
        foreach (var entry in OsTree.TestSupport.Corpus.Files("gvariant"))
        {
            var type = Path.GetFileName(Path.GetDirectoryName(entry))!;
            var parse = Parsers[type];
            var bytes = File.ReadAllBytes(entry);
            if (OsTree.TestSupport.Corpus.Check<InvalidDataException>(entry, bytes.Length, () => parse(bytes)) is { } failure)
            {
                failures.Add(failure);
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }
}
