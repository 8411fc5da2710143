using OsTree.Packaging.Rpm.Internal;
using OsTree.Packaging.Tests.Fixtures;

namespace OsTree.Packaging.Tests;

public sealed class BerkeleyDbWindowTests(RpmFixture fixture)
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    public void Reading_through_a_small_window_gives_the_same_items_as_the_default_one(int windowPages)
    {
        fixture.Require();
        foreach (var file in new[] { fixture.BerkeleyLittleEndian, fixture.BerkeleyBigEndian })
        {
            var expected = ReadAll(file, 0);
            Assert.True(new FileInfo(file).Length > 8 * 512, "the fixture must span several windows");
            Assert.True(expected.Count > 3);
            Assert.Equal(expected, ReadAll(file, windowPages));
        }
    }

    [Theory]
    [InlineData(0.5, 0)]
    [InlineData(0.5, 100)]
    [InlineData(0.9, 0)]
    public void A_truncated_file_is_a_typed_error_through_any_window(double keep, int extra)
    {
        fixture.Require();
        var bytes = File.ReadAllBytes(fixture.BerkeleyLittleEndian);
        var length = ((int)(bytes.Length * keep) / 512 * 512) + extra;
        foreach (var windowPages in new[] { 0, 1, 3 })
        {
            using var stream = new MemoryStream(bytes, 0, length, writable: false);
            var e = Assert.Throws<InvalidDataException>(() => ReadAll(stream, windowPages));
            Assert.StartsWith("/Packages: ", e.Message, StringComparison.Ordinal);
        }
    }

    private static List<string> ReadAll(string file, int windowPages)
    {
        using var stream = File.OpenRead(file);
        return ReadAll(stream, windowPages);
    }

    private static List<string> ReadAll(Stream stream, int windowPages)
    {
        var reader = new BerkeleyDbHashReader(stream, "/Packages", windowPages);
        var items = new List<(byte[] Key, BerkeleyDbItem Value)>(reader.Enumerate(CancellationToken.None));
        using var buffer = new BlobBuffer();
        var result = new List<string>();
        foreach (var (key, value) in items)
        {
            var data = reader.Read(value, buffer, out var length);
            result.Add($"{Convert.ToHexString(key)} {Convert.ToHexString(data, 0, length)}");
        }

        return result;
    }
}
