using System.Buffers.Binary;
using CsCheck;
using OsTree.Packaging.Rpm;
using OsTree.Packaging.Tests.Fixtures;
using OsTree.Trees;

namespace OsTree.Packaging.Tests;

public sealed class RpmHeaderTests(RpmFixture fixture)
{
    private byte[] RealBlob()
    {
        fixture.Require();
        var db = new DirectoryFileTree(fixture.TreeA);
        var location = PackageDatabase.Detect(db)[0];
        return Tool(location);

        byte[] Tool(PackageDatabaseLocation l)
        {
            var path = Path.Combine(fixture.TreeA, l.DatabasePath);
            var hex = OsTree.TestSupport.Tool.Check("sqlite3", $"file:{path}?mode=ro&immutable=1", "select hex(blob) from Packages where instr(blob, cast('fx-gone' as blob)) > 0").Trim();
            return Convert.FromHexString(hex);
        }
    }

    [Fact]
    public void A_real_header_parses_and_verifies()
    {
        var header = RpmHeader.Parse(RealBlob());
        Assert.Equal("fx-gone", header.GetString(RpmTag.Name));
        Assert.Equal(RpmHeaderDigestStatus.Verified, header.VerifyDigest());
        Assert.Equal(["C"], header.GetStringArray(RpmTag.HeaderI18NTable)!);
    }

    public static TheoryData<string> Corruptions => new()
    {
        "truncated", "extended", "garbage", "il-too-large", "dl-too-large", "offset-out-of-range", "negative-offset",
        "overlap", "misaligned-int32", "count-zero", "count-beyond-dl", "bad-type", "low-tag", "string-count-2",
        "region-trailer", "region-offset", "region-size", "wrong-tag-type", "empty",
    };

    [Theory]
    [MemberData(nameof(Corruptions))]
    public void Corrupt_blobs_fail_rpms_structural_checks_with_InvalidDataException(string corruption)
    {
        var blob = RealBlob();
        var il = (int)BinaryPrimitives.ReadUInt32BigEndian(blob);
        var dl = (int)BinaryPrimitives.ReadUInt32BigEndian(blob.AsSpan(4));
        var dataStart = 8 + (16 * il);
        int EntryAt(string what) => Enumerable.Range(1, il - 1).First(i => BinaryPrimitives.ReadInt32BigEndian(blob.AsSpan(8 + (16 * i))) == what switch
        {
            "name" => RpmTag.Name,
            "epoch" => RpmTag.Epoch,
            "size" => RpmTag.Size,
            _ => RpmTag.Version,
        });
        void Set(int entry, int field, int value) => BinaryPrimitives.WriteInt32BigEndian(blob.AsSpan(8 + (16 * entry) + (4 * field)), value);
        int Get(int entry, int field) => BinaryPrimitives.ReadInt32BigEndian(blob.AsSpan(8 + (16 * entry) + (4 * field)));

        switch (corruption)
        {
            case "truncated": blob = blob[..^1]; break;
            case "extended": blob = [.. blob, 0]; break;
            case "garbage": blob = [.. System.Text.Encoding.ASCII.GetBytes("garbage!garbage!garbage!")]; break;
            case "il-too-large": BinaryPrimitives.WriteUInt32BigEndian(blob, 0x10000); break;
            case "dl-too-large": BinaryPrimitives.WriteUInt32BigEndian(blob.AsSpan(4), 0x10000000); break;
            case "offset-out-of-range": Set(EntryAt("name"), 2, dl + 4); break;
            case "negative-offset": Set(EntryAt("name"), 2, -4); break;
            case "overlap": Set(EntryAt("version"), 2, Get(EntryAt("name"), 2)); break;
            case "misaligned-int32": Set(EntryAt("size"), 2, Get(EntryAt("size"), 2) + 1); break;
            case "count-zero": Set(EntryAt("name"), 3, 0); break;
            case "count-beyond-dl": Set(EntryAt("size"), 3, dl + 1); break;
            case "bad-type": Set(EntryAt("name"), 1, 10); break;
            case "low-tag": Set(EntryAt("name"), 0, 99); break;
            case "string-count-2": Set(EntryAt("name"), 3, 2); break;
            case "region-trailer": blob[dataStart + Get(0, 2)] ^= 0xFF; break;
            case "region-offset": Set(0, 2, dl); break;
            case "region-size":
                BinaryPrimitives.WriteInt32BigEndian(blob.AsSpan(dataStart + Get(0, 2) + 8), -16 * (il + 1));
                break;
            case "wrong-tag-type": Set(EntryAt("name"), 1, (int)RpmTagType.Int32); Set(EntryAt("name"), 3, 1); break;
            case "empty": blob = []; break;
        }

        Assert.Throws<InvalidDataException>(() => RpmHeader.Parse(blob));
    }

    [Theory]
    [InlineData("abc\0", true)]
    [InlineData("abc", false)]
    [InlineData("\0", true)]
    public void A_legacy_header_without_region_needs_nul_terminated_strings(string data, bool valid)
    {
        var bytes = System.Text.Encoding.ASCII.GetBytes(data);
        var blob = new byte[8 + 16 + bytes.Length];
        BinaryPrimitives.WriteInt32BigEndian(blob, 1);
        BinaryPrimitives.WriteInt32BigEndian(blob.AsSpan(4), bytes.Length);
        BinaryPrimitives.WriteInt32BigEndian(blob.AsSpan(8), RpmTag.Name);
        BinaryPrimitives.WriteInt32BigEndian(blob.AsSpan(12), (int)RpmTagType.String);
        BinaryPrimitives.WriteInt32BigEndian(blob.AsSpan(16), 0);
        BinaryPrimitives.WriteInt32BigEndian(blob.AsSpan(20), 1);
        bytes.CopyTo(blob, 24);
        if (valid)
        {
            var header = RpmHeader.Parse(blob);
            Assert.Equal(0, header.RegionTag);
            Assert.Equal(RpmHeaderDigestStatus.NoRegion, header.VerifyDigest());
            Assert.Equal(data.TrimEnd('\0'), header.GetString(RpmTag.Name));
        }
        else
        {
            Assert.Throws<InvalidDataException>(() => RpmHeader.Parse(blob));
        }
    }

    [Fact]
    public void Mutated_blobs_never_crash_the_parser()
    {
        var original = RealBlob();
        Gen.Select(Gen.Int[0, original.Length - 1].Array[1, 8], Gen.Byte.Array[1, 8], Gen.Int[0, 3])
            .Sample((positions, values, mode) =>
            {
                var blob = (byte[])original.Clone();
                for (var i = 0; i < positions.Length; i++)
                {
                    blob[positions[i]] = values[i % values.Length];
                }

                if (mode == 1)
                {
                    blob = blob[..positions[0]];
                }
                else if (mode == 2)
                {
                    // Aim at the index: tag, type, offset and count fields.
                    var index = 8 + (positions[0] % Math.Max(1, (original.Length - 8) / 16) * 16 % Math.Max(16, original.Length - 24));
                    if (index + 4 <= blob.Length)
                    {
                        BinaryPrimitives.WriteInt32BigEndian(blob.AsSpan(index), BitConverter.ToInt32([.. values, 0, 0, 0, 0]));
                    }
                }

                Exercise(blob);
            }, iter: 3000);
    }

    internal static void Exercise(byte[] blob)
    {
        RpmHeader header;
        try
        {
            header = RpmHeader.Parse(blob);
        }
        catch (InvalidDataException)
        {
            return;
        }

        foreach (var entry in header.Entries)
        {
            _ = header.GetString(entry.Tag);
            _ = header.GetStringArray(entry.Tag);
            _ = header.GetUInt32Array(entry.Tag);
            _ = header.GetUInt64Array(entry.Tag);
            _ = header.GetBinary(entry.Tag);
        }

        _ = header.VerifyDigest();
        try
        {
            _ = header.GetFilePaths();
        }
        catch (InvalidDataException)
        {
        }
    }
}
