using System.Text;
using OsTree.Objects;

namespace OsTree.Cli.Commands;

/// <summary>
/// Formats an <c>a(ayay)</c> xattr list as GLib's <c>g_variant_print</c> does for <c>ostree ls -X</c>: byte strings
/// that end in NUL as <c>b'…'</c>, other byte arrays as <c>[byte 0x31, 0x32]</c> (the type named once), and an empty
/// list as <c>@a(ayay) []</c>.
/// </summary>
internal static class XattrText
{
    public static string Format(IReadOnlyList<Xattr> xattrs)
    {
        if (xattrs.Count == 0)
        {
            return "@a(ayay) []";
        }

        var sb = new StringBuilder("[");
        var annotated = false;
        for (var i = 0; i < xattrs.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(", ");
            }

            var name = new byte[xattrs[i].NameBytes.Length + 1];
            xattrs[i].NameBytes.Span.CopyTo(name);
            sb.Append('(');
            AppendBytes(sb, name, ref annotated);
            sb.Append(", ");
            AppendBytes(sb, xattrs[i].Value.Span, ref annotated);
            sb.Append(')');
        }

        return sb.Append(']').ToString();
    }

    private static void AppendBytes(StringBuilder sb, ReadOnlySpan<byte> bytes, ref bool annotated)
    {
        if (IsByteString(bytes))
        {
            sb.Append("b'");
            foreach (var b in bytes[..^1])
            {
                _ = b switch
                {
                    (byte)'\'' => sb.Append("\\'"),
                    (byte)'\\' => sb.Append("\\\\"),
                    _ => sb.Append((char)b),
                };
            }

            sb.Append('\'');
            return;
        }

        sb.Append('[');
        for (var i = 0; i < bytes.Length; i++)
        {
            if (i > 0)
            {
                sb.Append(", ");
            }

            if (!annotated)
            {
                sb.Append("byte ");
                annotated = true;
            }

            sb.Append("0x").Append(bytes[i].ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
        }

        sb.Append(']');
    }

    private static bool IsByteString(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length == 0 || bytes[^1] != 0)
        {
            return false;
        }

        foreach (var b in bytes[..^1])
        {
            if (b is < 0x20 or >= 0x7f)
            {
                return false;
            }
        }

        return true;
    }
}
