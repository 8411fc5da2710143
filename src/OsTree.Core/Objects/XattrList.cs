using OsTree.GVariant;

namespace OsTree.Objects;

/// <summary>Reads and writes the <c>a(ayay)</c> xattr lists of headers and dirmeta.</summary>
internal static class XattrList
{
    internal static readonly GVariantType Type = GVariantType.Parse("a(ayay)");

    internal static IReadOnlyList<Xattr> Read(GVariantReader reader)
    {
        var count = reader.GetArrayLength();
        if (count == 0)
        {
            return [];
        }

        var result = new Xattr[count];
        for (var i = 0; i < count; i++)
        {
            var pair = reader.GetArrayElement(i);
            var name = pair.GetChild(0).GetBytes();
            if (name.Length < 2 || name[^1] != 0 || name[..^1].Contains((byte)0))
            {
                throw new InvalidDataException("An xattr name is not a non-empty NUL-terminated string.");
            }

            result[i] = new Xattr(name[..^1], pair.GetChild(1).GetBytes());
        }

        return result;
    }

    internal static void Write(GVariantWriter writer, IReadOnlyList<Xattr> xattrs)
    {
        writer.BeginArray();
        Span<byte> small = stackalloc byte[256];
        foreach (var x in xattrs)
        {
            writer.BeginTuple();
            var name = x.NameSpan;
            if (name.Length < small.Length)
            {
                name.CopyTo(small);
                small[name.Length] = 0;
                writer.WriteBytes(small[..(name.Length + 1)]);
            }
            else
            {
                writer.WriteBytes([.. name, 0]);
            }

            writer.WriteBytes(x.ValueSpan);
            writer.EndTuple();
        }

        writer.EndArray();
    }

    internal static bool SequenceEqual(IReadOnlyList<Xattr> a, IReadOnlyList<Xattr> b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        for (var i = 0; i < a.Count; i++)
        {
            if (!a[i].Equals(b[i]))
            {
                return false;
            }
        }

        return true;
    }
}
