using CsCheck;
using OsTree.GVariant;
using OsTree.Objects;

namespace OsTree.Core.Tests.GVariant;

/// <summary>Random and mutated bytes thrown at every parser: only <see cref="InvalidDataException"/> may escape.</summary>
public sealed class MalformedInputTests
{
    private static readonly Checksum A = Checksum.Compute("a"u8);

    private static readonly (string Name, Action<byte[]> Parse)[] Parsers =
    [
        ("commit", b => Commit.Parse(b)),
        ("dirtree", b => DirTree.Parse(b)),
        ("dirmeta", b => DirMeta.Parse(b)),
        ("header", b => FileHeader.Parse(b)),
        ("framed header", b => FileHeader.ParseFramed(b, out _)),
        ("archive header", b => FileHeader.ParseArchiveFramed(b, out _, out _)),
        ("bare-user metadata", b => FileHeader.ParseBareUserMetadata(b, "t")),
        ("commitmeta", b => CommitMeta.Parse(b)),
        ("tombstone", b => TombstoneCommit.Parse(b)),
        ("a{sv}", b => GVariantDictionary.Parse(b)),
        ("v", b => GVariantValue.Parse(GVariantType.Variant, b)),
        ("(a(say)a(sayay))", b => GVariantValue.Parse(GVariantType.Parse("(a(say)a(sayay))"), b)),
        ("aav", b => GVariantValue.Parse(GVariantType.Parse("aav"), b)),
        ("(a(s(taya{sv}))a{sv})", b => GVariantValue.Parse(GVariantType.Parse("(a(s(taya{sv}))a{sv})"), b)),
        ("m(sms)", b => GVariantValue.Parse(GVariantType.Parse("m(sms)"), b)),
    ];

    private static byte[][] ValidSamples()
    {
        var metadata = new GVariantDictionary()
            .With("version", GVariantValue.FromString("42"))
            .With(Commit.RefBindingKey, GVariantValue.FromStrings(["a", "b/c"]))
            .With("nested", GVariantValue.FromVariant(GVariantValue.FromArray(GVariantType.Variant, [GVariantValue.FromVariant(GVariantValue.FromUInt64(7))])));
        var xattrs = Xattr.Sort([new Xattr("user.a", "1"u8), new Xattr("user.b", "22"u8)]);
        return
        [
            new Commit(A, A, 5, "subject", "body", A, metadata).Serialize(),
            new DirTree([new("f", A), new("g", A)], [new("d", A, A)]).Serialize(),
            new DirMeta(1, 2, 0x41C0, xattrs).Serialize(),
            FileHeader.ForRegularFile(3, 4, 0x9ED, xattrs).Serialize(),
            FileHeader.ForSymbolicLink(0, 0, "/nonexistent").SerializeFramed(),
            FileHeader.ForRegularFile(0, 0, 0x1A4).SerializeArchiveFramed(12345),
            new TombstoneCommit(A).Serialize(),
            metadata.ToArray(),
        ];
    }

    private static void ParseAll(byte[] bytes)
    {
        foreach (var (name, parse) in Parsers)
        {
            try
            {
                parse(bytes);
            }
            catch (InvalidDataException)
            {
            }
            catch (Exception e)
            {
                throw new InvalidOperationException($"{name} parser threw {e.GetType().Name} on {Convert.ToHexStringLower(bytes)}", e);
            }
        }
    }

    [Fact]
    public void Random_buffers_raise_only_InvalidDataException()
    {
        Gen.Byte.Array[0, 200].Sample(ParseAll, iter: 4000, threads: 1);
    }

    [Fact]
    public void Mutated_objects_raise_only_InvalidDataException()
    {
        var samples = ValidSamples();
        foreach (var sample in samples)
        {
            ParseAll(sample);
        }

        // Flip, overwrite, truncate or extend valid objects of every kind.
        var gen = Gen.Select(Gen.Int[0, samples.Length - 1], Gen.Int[0, 4], Gen.Int[0, 4096], Gen.Byte, Gen.Int[1, 4]);
        gen.Sample(
            (which, how, where, value, times) =>
            {
                var bytes = (byte[])samples[which].Clone();
                for (var t = 0; t < times; t++)
                {
                    var at = bytes.Length == 0 ? 0 : where % bytes.Length;
                    bytes = how switch
                    {
                        0 when bytes.Length > 0 => Flip(bytes, at, value),
                        1 => bytes[..at],
                        2 => [.. bytes[..at], value, .. bytes[at..]],
                        3 when bytes.Length > 0 => Flip(bytes, bytes.Length - 1 - (where % Math.Min(8, bytes.Length)), value),
                        _ => bytes.Length > 0 ? bytes[(at % 9)..] : bytes,
                    };
                }

                ParseAll(bytes);
            },
            iter: 6000,
            threads: 1);
    }

    private static byte[] Flip(byte[] bytes, int at, byte value)
    {
        bytes[at] ^= value == 0 ? (byte)1 : value;
        return bytes;
    }

    [Fact]
    public void Random_values_of_random_types_round_trip_and_survive_mutation()
    {
        var random = new RandomGVariant(7);
        for (var i = 0; i < 500; i++)
        {
            var value = random.NextValue(random.NextType());
            var bytes = value.ToArray();
            Assert.Equal(value, GVariantValue.Parse(value.Type, bytes));
            if (bytes.Length == 0)
            {
                continue;
            }

            for (var j = 0; j < 8; j++)
            {
                var mutated = (byte[])bytes.Clone();
                mutated[(i * 31 + j * 17) % mutated.Length] ^= (byte)(1 << j);
                try
                {
                    GVariantValue.Parse(value.Type, mutated);
                }
                catch (InvalidDataException)
                {
                }

                try
                {
                    GVariantValue.Parse(value.Type, mutated.AsSpan(0, (i + j) % mutated.Length));
                }
                catch (InvalidDataException)
                {
                }
            }
        }
    }

    [Fact]
    public void Deeply_nested_variants_are_refused()
    {
        var bytes = new List<byte> { 1, 0, (byte)'y' };
        for (var i = 0; i < 200; i++)
        {
            bytes.AddRange([0, (byte)'v']);
        }

        var ex = Assert.Throws<InvalidDataException>(() => GVariantValue.Parse(GVariantType.Variant, bytes.ToArray()));
        Assert.Contains("deeper", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Framing_offsets_beyond_the_buffer_are_refused()
    {
        // as with one element whose end offset (0xff) points past the end.
        Assert.Throws<InvalidDataException>(() => GVariantValue.Parse(GVariantType.StringArray, [(byte)'a', 0, 0xff]));

        // An offset table claiming more elements than bytes allow.
        Assert.Throws<InvalidDataException>(() => new GVariantReader(GVariantType.StringArray, [0, 0, 0, 5]).GetArrayLength());

        // A fixed-size type of the wrong size.
        Assert.Throws<InvalidDataException>(() => new GVariantReader(GVariantType.UInt32, [1, 2, 3]));

        // A fixed-element array of a size that is not a multiple.
        Assert.Throws<InvalidDataException>(() => new GVariantReader(GVariantType.ArrayOf(GVariantType.UInt32), [1, 2, 3, 4, 5]).GetArrayLength());
    }

    [Fact]
    public void Nonzero_padding_is_read_leniently_as_GLib_does()
    {
        // (yu) in normal form is 01 000000 02000000; nonzero padding still reads.
        var reader = new GVariantReader(GVariantType.Parse("(yu)"), [1, 9, 9, 9, 2, 0, 0, 0]);
        Assert.Equal(1, reader.GetChild(0).GetByte());
        Assert.Equal(2u, reader.GetChild(1).GetUInt32());
    }
}
