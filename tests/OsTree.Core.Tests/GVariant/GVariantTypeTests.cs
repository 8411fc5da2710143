using OsTree.GVariant;

namespace OsTree.Core.Tests.GVariant;

public sealed class GVariantTypeTests
{
    [Theory]
    [InlineData("y", 1, 1)]
    [InlineData("t", 8, 8)]
    [InlineData("s", 1, 0)]
    [InlineData("v", 8, 0)]
    [InlineData("()", 1, 1)]
    [InlineData("(yu)", 4, 8)]
    [InlineData("(uy)", 4, 8)]
    [InlineData("(ty)", 8, 16)]
    [InlineData("{yy}", 1, 2)]
    [InlineData("(uuuusa(ayay))", 4, 0)]
    [InlineData("a{sv}", 8, 0)]
    [InlineData("mt", 8, 0)]
    public void Layout_follows_the_gvariant_rules(string text, int alignment, int fixedSize)
    {
        var type = GVariantType.Parse(text);
        Assert.Equal(text, type.TypeString);
        Assert.Equal(alignment, type.Alignment);
        Assert.Equal(fixedSize, type.FixedSize);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a")]
    [InlineData("(s")]
    [InlineData("ss")]
    [InlineData("{vs}")]
    [InlineData("{s}")]
    [InlineData("{sss}")]
    [InlineData("r")]
    [InlineData("*")]
    [InlineData("z")]
    public void Invalid_type_strings_are_refused(string text)
    {
        Assert.False(GVariantType.TryParse(text, out _));
        Assert.Throws<FormatException>(() => GVariantType.Parse(text));
    }

    [Fact]
    public void Nesting_is_bounded()
    {
        Assert.True(GVariantType.TryParse(new string('a', 60) + "y", out _));
        Assert.False(GVariantType.TryParse(new string('a', 200) + "y", out _));
        Assert.False(GVariantType.TryParse(new string('(', 100) + new string(')', 100), out _));
    }
}
