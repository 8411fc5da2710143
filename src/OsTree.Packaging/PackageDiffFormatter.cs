using System.Globalization;
using System.Text;
using System.Text.Json;

namespace OsTree.Packaging;

/// <summary>
/// Writes a <see cref="PackageDiff"/> in the three formats of <c>rpm-ostree db diff</c> (<c>block</c>, <c>diff</c>,
/// <c>json</c>), byte for byte, and in this library's own versioned JSON schema.
/// </summary>
/// <remarks>
/// rpm-ostree's formats know nothing of rebuilt packages, so they leave them out; the own JSON schema includes them.
/// dpkg packages print with their Debian version (<c>name 1:0.9-1 -&gt; 2.0-1</c>) and <c>name_version_arch</c>.
/// </remarks>
public static class PackageDiffFormatter
{
    /// <summary>The version of <see cref="FormatJson"/>'s schema; it changes only when a field changes meaning or goes away.</summary>
    public const int JsonSchemaVersion = 1;

    /// <summary>
    /// rpm-ostree's default <c>block</c> format: the two <c>ostree diff commit</c> lines (when endpoints are given), then
    /// <c>Upgraded:</c>, <c>Downgraded:</c>, <c>Removed:</c> and <c>Added:</c> sections, empty ones skipped.
    /// </summary>
    /// <param name="diff">The diff.</param>
    /// <param name="from">The older side, or <see langword="null"/> to leave the header lines out.</param>
    /// <param name="to">The newer side, or <see langword="null"/> to leave the header lines out.</param>
    /// <returns>The text, each line ending in <c>\n</c>.</returns>
    public static string FormatBlock(PackageDiff diff, PackageDiffEndpoint? from = null, PackageDiffEndpoint? to = null)
    {
        ArgumentNullException.ThrowIfNull(diff);
        var sb = new StringBuilder();
        AppendHeader(sb, from, to);
        Section(sb, "Upgraded", diff.Upgraded, c => $"{c.Previous!.Name} {c.Previous.Evr} -> {c.Current!.Evr}");
        Section(sb, "Downgraded", diff.Downgraded, c => $"{c.Previous!.Name} {c.Previous.Evr} -> {c.Current!.Evr}");
        Section(sb, "Removed", diff.Removed, c => c.Previous!.Nevra);
        Section(sb, "Added", diff.Added, c => c.Current!.Nevra);
        return sb.ToString();
    }

    /// <summary>
    /// rpm-ostree's <c>diff</c> format: the header lines, then <c>-NEVRA</c> for removals, <c>+NEVRA</c> for additions
    /// and <c>!OLD</c> followed by <c>=NEW</c> for modifications, merged in package order.
    /// </summary>
    /// <param name="diff">The diff.</param>
    /// <param name="from">The older side, or <see langword="null"/> to leave the header lines out.</param>
    /// <param name="to">The newer side, or <see langword="null"/> to leave the header lines out.</param>
    /// <returns>The text.</returns>
    public static string FormatDiff(PackageDiff diff, PackageDiffEndpoint? from = null, PackageDiffEndpoint? to = null)
    {
        ArgumentNullException.ThrowIfNull(diff);
        var sb = new StringBuilder();
        AppendHeader(sb, from, to);
        var added = diff.Added.Select(c => c.Current!).ToList();
        var removed = diff.Removed.Select(c => c.Previous!).ToList();
        var modified = diff.Changes.Where(c => c.Kind is PackageChangeKind.Upgraded or PackageChangeKind.Downgraded).ToList();
        int ca = 0, cr = 0, cm = 0;
        while (ca < added.Count || cr < removed.Count || cm < modified.Count)
        {
            var pa = ca < added.Count ? added[ca] : null;
            var pr = cr < removed.Count ? removed[cr] : null;
            var pm = cm < modified.Count ? modified[cm].Previous : null;
            if (CompareEnd(pm, pr) < 0)
            {
                if (CompareEnd(pm, pa) < 0)
                {
                    sb.Append('!').Append(pm!.Nevra).Append('\n');
                    sb.Append('=').Append(modified[cm].Current!.Nevra).Append('\n');
                    cm++;
                }
                else
                {
                    sb.Append('+').Append(pa!.Nevra).Append('\n');
                    ca++;
                }
            }
            else if (CompareEnd(pr, pa) < 0)
            {
                sb.Append('-').Append(pr!.Nevra).Append('\n');
                cr++;
            }
            else
            {
                sb.Append('+').Append(pa!.Nevra).Append('\n');
                ca++;
            }
        }

        return sb.ToString();
    }

    /// <summary>
    /// rpm-ostree's <c>json</c> format: <c>ostree-commit-from</c>, <c>ostree-commit-to</c>, <c>pkgdiff</c> as
    /// <c>[name, type, {"PreviousPackage": [n, evr, arch], "NewPackage": [...]}]</c> sorted by type then name (type
    /// 0 added, 1 removed, 2 upgraded, 3 downgraded), and <c>advisories</c> (always empty here), pretty-printed as
    /// json-glib prints it, with no final newline.
    /// </summary>
    /// <param name="diff">The diff.</param>
    /// <param name="fromChecksum">The older commit's checksum (or another identifier).</param>
    /// <param name="toChecksum">The newer commit's checksum (or another identifier).</param>
    /// <returns>The JSON text.</returns>
    public static string FormatRpmOstreeJson(PackageDiff diff, string fromChecksum, string toChecksum)
    {
        ArgumentNullException.ThrowIfNull(diff);
        ArgumentNullException.ThrowIfNull(fromChecksum);
        ArgumentNullException.ThrowIfNull(toChecksum);
        var entries = diff.Changes.Where(c => c.Kind != PackageChangeKind.Rebuilt).ToList();
        entries.Sort(static (x, y) => x.Kind != y.Kind ? ((int)x.Kind).CompareTo((int)y.Kind) : string.CompareOrdinal(x.Name, y.Name));
        var sb = new StringBuilder();
        sb.Append("{\n");
        sb.Append("  \"ostree-commit-from\" : ").Append(GlibString(fromChecksum)).Append(",\n");
        sb.Append("  \"ostree-commit-to\" : ").Append(GlibString(toChecksum)).Append(",\n");
        sb.Append("  \"pkgdiff\" : [");
        for (var i = 0; i < entries.Count; i++)
        {
            var c = entries[i];
            sb.Append(i == 0 ? "\n" : string.Empty);
            sb.Append("    [\n");
            sb.Append("      ").Append(GlibString(c.Name)).Append(",\n");
            sb.Append("      ").Append(((int)c.Kind).ToString(CultureInfo.InvariantCulture)).Append(",\n");
            sb.Append("      {\n");
            var members = new List<(string Key, InstalledPackage Package)>(2);
            if (c.Previous is not null)
            {
                members.Add(("PreviousPackage", c.Previous));
            }

            if (c.Current is not null)
            {
                members.Add(("NewPackage", c.Current));
            }

            for (var m = 0; m < members.Count; m++)
            {
                var p = members[m].Package;
                sb.Append("        ").Append(GlibString(members[m].Key)).Append(" : [\n");
                sb.Append("          ").Append(GlibString(p.Name)).Append(",\n");
                sb.Append("          ").Append(GlibString(p.Evr)).Append(",\n");
                sb.Append("          ").Append(GlibString(p.Architecture)).Append('\n');
                sb.Append("        ]").Append(m + 1 < members.Count ? "," : string.Empty).Append('\n');
            }

            sb.Append("      }\n");
            sb.Append("    ]").Append(i + 1 < entries.Count ? "," : string.Empty).Append('\n');
        }

        sb.Append(entries.Count > 0 ? "  ]" : "]").Append(",\n");
        sb.Append("  \"advisories\" : []\n");
        sb.Append('}');
        return sb.ToString();
    }

    /// <summary>
    /// This library's own JSON (schema version <see cref="JsonSchemaVersion"/>, documented in docs/packaging.md):
    /// <c>schemaVersion</c>, <c>format</c>, optional <c>from</c>/<c>to</c>, <c>summary</c> counts and
    /// <c>changes</c>, each with <c>name</c>, <c>change</c> and <c>previous</c>/<c>current</c> package objects.
    /// </summary>
    /// <param name="diff">The diff.</param>
    /// <param name="from">The older side, if known.</param>
    /// <param name="to">The newer side, if known.</param>
    /// <param name="indented">Whether to indent.</param>
    /// <returns>The JSON text.</returns>
    public static string FormatJson(PackageDiff diff, PackageDiffEndpoint? from = null, PackageDiffEndpoint? to = null, bool indented = true)
    {
        ArgumentNullException.ThrowIfNull(diff);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented }))
        {
            w.WriteStartObject();
            w.WriteNumber("schemaVersion", JsonSchemaVersion);
            var first = diff.Changes.Count > 0 ? (diff.Changes[0].Previous ?? diff.Changes[0].Current)! : null;
            if (first is not null)
            {
                w.WriteString("format", first.Format == PackageFormat.Rpm ? "rpm" : "dpkg");
            }
            else
            {
                w.WriteNull("format");
            }

            WriteEndpoint(w, "from", from);
            WriteEndpoint(w, "to", to);
            w.WriteStartObject("summary");
            foreach (var kind in new[] { PackageChangeKind.Added, PackageChangeKind.Removed, PackageChangeKind.Upgraded, PackageChangeKind.Downgraded, PackageChangeKind.Rebuilt })
            {
                w.WriteNumber(KindName(kind), diff.Changes.Count(c => c.Kind == kind));
            }

            w.WriteEndObject();
            w.WriteStartArray("changes");
            foreach (var c in diff.Changes)
            {
                w.WriteStartObject();
                w.WriteString("name", c.Name);
                w.WriteString("change", KindName(c.Kind));
                WritePackage(w, "previous", c.Previous);
                WritePackage(w, "current", c.Current);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>The lower-case name the own JSON uses for a change kind (<c>added</c>, <c>rebuilt</c> …).</summary>
    /// <param name="kind">The kind.</param>
    /// <returns>The name.</returns>
    public static string KindName(PackageChangeKind kind) => kind switch
    {
        PackageChangeKind.Added => "added",
        PackageChangeKind.Removed => "removed",
        PackageChangeKind.Upgraded => "upgraded",
        PackageChangeKind.Downgraded => "downgraded",
        PackageChangeKind.Rebuilt => "rebuilt",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static void WriteEndpoint(Utf8JsonWriter w, string name, PackageDiffEndpoint? endpoint)
    {
        if (endpoint is null)
        {
            return;
        }

        w.WriteStartObject(name);
        w.WriteString("description", endpoint.Description);
        if (endpoint.Checksum is null)
        {
            w.WriteNull("checksum");
        }
        else
        {
            w.WriteString("checksum", endpoint.Checksum);
        }

        w.WriteEndObject();
    }

    private static void WritePackage(Utf8JsonWriter w, string name, InstalledPackage? p)
    {
        if (p is null)
        {
            w.WriteNull(name);
            return;
        }

        w.WriteStartObject(name);
        w.WriteString("name", p.Name);
        w.WriteNumber("epoch", p.Epoch);
        w.WriteString("version", p.Version);
        w.WriteString("release", p.Release);
        w.WriteString("arch", p.Architecture);
        w.WriteString("evr", p.Evr);
        w.WriteString("nevra", p.Nevra);
        if (p.HeaderSha256 is not null)
        {
            w.WriteString("headerSha256", p.HeaderSha256);
        }

        w.WriteEndObject();
    }

    private static void AppendHeader(StringBuilder sb, PackageDiffEndpoint? from, PackageDiffEndpoint? to)
    {
        if (from is null || to is null)
        {
            return;
        }

        sb.Append("ostree diff commit from: ").Append(Describe(from)).Append('\n');
        sb.Append("ostree diff commit to:   ").Append(Describe(to)).Append('\n');
    }

    private static string Describe(PackageDiffEndpoint e)
        => e.Checksum is null || e.Checksum == e.Description ? e.Description : $"{e.Description} ({e.Checksum})";

    private static void Section(StringBuilder sb, string title, IEnumerable<PackageChange> changes, Func<PackageChange, string> line)
    {
        var first = true;
        foreach (var c in changes)
        {
            if (first)
            {
                sb.Append(title).Append(":\n");
                first = false;
            }

            sb.Append("  ").Append(line(c)).Append('\n');
        }
    }

    // rpm-ostree's pkg_cmp_end(): a missing package sorts last; otherwise name, version, architecture.
    private static int CompareEnd(InstalledPackage? a, InstalledPackage? b)
    {
        if (b is null)
        {
            return -1;
        }

        if (a is null)
        {
            return 1;
        }

        var rc = string.CompareOrdinal(a.Name, b.Name);
        if (rc != 0)
        {
            return rc;
        }

        rc = a.Format == b.Format ? a.CompareVersionTo(b) : 0;
        return rc != 0 ? rc : string.CompareOrdinal(a.Architecture, b.Architecture);
    }

    // json-glib's json_strescape(): only '"', '\\' and control characters are escaped; everything else is raw UTF-8.
    private static string GlibString(string s)
    {
        var sb = new StringBuilder(s.Length + 2);
        sb.Append('"');
        foreach (var ch in s)
        {
            switch (ch)
            {
                case '"' or '\\':
                    sb.Append('\\').Append(ch);
                    break;
                case '\b':
                    sb.Append("\\b");
                    break;
                case '\f':
                    sb.Append("\\f");
                    break;
                case '\n':
                    sb.Append("\\n");
                    break;
                case '\r':
                    sb.Append("\\r");
                    break;
                case '\t':
                    sb.Append("\\t");
                    break;
                case < (char)0x1f or (char)0x7f when ch != '\0':
                    sb.Append("\\u00").Append(((int)ch).ToString("x2", CultureInfo.InvariantCulture));
                    break;
                default:
                    sb.Append(ch);
                    break;
            }
        }

        return sb.Append('"').ToString();
    }
}
