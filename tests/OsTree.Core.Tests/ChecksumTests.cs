using System.Text;
using OsTree.Objects;

namespace OsTree.Core.Tests;

public sealed class ChecksumTests
{
    [Fact]
    public void Parse_and_format_round_trip_in_lowercase()
    {
        const string hex = "44F778E59F0A4748D6B0C90A47347212A231C4AD1E8F7EA5C5DFFC7749153A6B";
        var checksum = Checksum.Parse(hex);
        Assert.Equal(hex.ToLowerInvariant(), checksum.ToString());
        Assert.Equal(checksum, new Checksum(checksum.ToByteArray()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("44f7")]
    [InlineData("g4f778e59f0a4748d6b0c90a47347212a231c4ad1e8f7ea5c5dffc7749153a6b")]
    [InlineData("44f778e59f0a4748d6b0c90a47347212a231c4ad1e8f7ea5c5dffc7749153a6b0")]
    public void TryParse_refuses_what_is_not_64_hex_characters(string text)
    {
        Assert.False(Checksum.TryParse(text, out _));
        Assert.Throws<FormatException>(() => Checksum.Parse(text));
    }

    [Fact]
    public void Ordering_is_bytewise()
    {
        var low = Checksum.Parse(new string('0', 63) + "f");
        var high = Checksum.Parse("1" + new string('0', 63));
        Assert.True(low < high);
        Assert.Equal(string.CompareOrdinal(low.ToString(), high.ToString()) < 0, low < high);
    }

    [Fact]
    public void Compute_is_sha256()
    {
        // sha256("") is a well-known constant.
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Checksum.Compute(Encoding.ASCII.GetBytes(string.Empty)).ToString());
    }
}
