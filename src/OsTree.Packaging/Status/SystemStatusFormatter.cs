using System.Globalization;
using System.Text;
using System.Text.Json;
using OsTree.Processes;

namespace OsTree.Packaging.Status;

/// <summary>
/// Renders a <see cref="SystemStatus"/>: a headline sentence and aligned tables for people, or the versioned JSON
/// form (<see cref="SystemStatus.SchemaVersion"/>, documented in docs/status.md and docs/status.schema.json).
/// </summary>
public static class SystemStatusFormatter
{
    private const string Bold = "\e[1m";
    private const string Green = "\e[32m";
    private const string Yellow = "\e[33m";
    private const string Cyan = "\e[36m";
    private const string Dim = "\e[2m";
    private const string Reset = "\e[0m";

    /// <summary>A byte count in binary units with one decimal: <c>512 B</c>, <c>4.0 KiB</c>, <c>12.3 MiB</c>.</summary>
    /// <param name="bytes">The count.</param>
    /// <returns>The text.</returns>
    public static string FormatSize(long bytes)
    {
        if (bytes < 1024)
        {
            return bytes.ToString(CultureInfo.InvariantCulture) + " B";
        }

        string[] units = ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
        var value = bytes / 1024.0;
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return value.ToString("0.0", CultureInfo.InvariantCulture) + " " + units[unit];
    }

    /// <summary>
    /// The sentence that answers the questions in one go: how many OS images there are, how much the others take
    /// beyond the current one and what deleting them frees, which packages differ, which running programs need a
    /// restart.
    /// </summary>
    /// <param name="status">The status.</param>
    /// <returns>The headline, several sentences on one line.</returns>
    public static string FormatHeadline(SystemStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var count = status.Deployments.Count;
        if (status.Reference is not { } reference)
        {
            return $"No OS images are deployed in {status.SysrootPath}.";
        }

        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{count} OS {Plural(count, "image", "images")} installed; ");
        text.Append(status.IsBooted && reference.IsBooted
            ? $"the booted one is {Label(reference)}."
            : $"compared with {Label(reference)}{(reference.IsDefault ? ", the default" : string.Empty)}{(status.IsBooted ? string.Empty : " (offline sysroot)")}.");

        var others = count - 1;
        if (status.Space is { } space)
        {
            if (others == 0)
            {
                text.Append(CultureInfo.InvariantCulture, $" It takes {FormatSize(reference.Space?.TotalBytes ?? space.TotalBytes)}.");
            }
            else
            {
                text.Append(CultureInfo.InvariantCulture, $" The {(others == 1 ? "other one takes" : $"{others} others take")} {FormatSize(space.BeyondReferenceBytes)} beyond it; ");
                text.Append(CultureInfo.InvariantCulture, $"deleting {(others == 1 ? "it" : "them")} would free {FormatSize(space.FreedIfAllOthersDeletedBytes)}");
                var biggest = status.Deployments.Where(d => !d.IsReference && d.Space is not null).MaxBy(d => d.Space!.FreedIfDeletedBytes);
                if (others > 1 && biggest is not null)
                {
                    text.Append(CultureInfo.InvariantCulture, $", deleting {Label(biggest)} alone {FormatSize(biggest.Space!.FreedIfDeletedBytes)}");
                }

                text.Append('.');
            }
        }

        var pending = status.Deployments.FirstOrDefault(d => d.IsPending);
        if (pending?.PackageDiff is { } next)
        {
            text.Append(CultureInfo.InvariantCulture, $" Next boot ({Label(pending)}): {DiffSummary(next)}.");
        }
        else
        {
            var diffs = status.Deployments.Where(d => !d.IsReference && d.PackageDiff is not null)
                .Select(d => $"{Label(d)}: {DiffSummary(d.PackageDiff!)}")
                .ToList();
            if (diffs.Count > 0)
            {
                text.Append(" Booting another instead changes packages: ").Append(string.Join("; ", diffs)).Append('.');
            }
        }

        switch (status.Restarts.Check)
        {
            case RestartCheck.Scanned when status.Restarts.Report is { } report:
                var n = report.Processes.Count;
                text.Append(n == 0
                    ? " No running program needs a restart."
                    : $" {n} running {Plural(n, "program uses", "programs use")} files that are gone or not in the deployment that boots next ({report.Units.Count} {Plural(report.Units.Count, "unit", "units")} to restart).");
                break;
            case RestartCheck.NotApplicable:
                text.Append(" Restarts: not applicable, nothing runs from an offline sysroot.");
                break;
        }

        return text.ToString();
    }

    /// <summary>Renders the status for people: the headline, a table of deployments, space and restarts.</summary>
    /// <param name="status">The status.</param>
    /// <param name="options">Package detail and colour; neither when <see langword="null"/>.</param>
    /// <returns>The text, ending with a newline.</returns>
    public static string FormatText(SystemStatus status, SystemStatusTextOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(status);
        options ??= new SystemStatusTextOptions();
        var color = options.UseColor;
        var text = new StringBuilder();
        text.Append(Paint(FormatHeadline(status), Bold, color)).Append('\n');
        if (status.Deployments.Count == 0)
        {
            return text.ToString();
        }

        text.Append('\n');
        var hasSpace = status.Space is not null;
        var header = new List<string> { "#", "Image", "Commit", "Date", "State", "Packages", "Against reference", "/etc" };
        if (hasSpace)
        {
            header.AddRange(["Total", "Shared", "Exclusive", "Freed if deleted"]);
        }

        var rows = new List<Cell[]>();
        foreach (var d in status.Deployments)
        {
            var row = new List<Cell>
            {
                new(d.Index.ToString(CultureInfo.InvariantCulture)),
                new(d.Version ?? "-", Bold),
                new($"{d.Checksum[..Math.Min(10, d.Checksum.Length)]}.{d.Serial.ToString(CultureInfo.InvariantCulture)}"),
                new(d.Timestamp?.UtcDateTime.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture) ?? "-"),
                new(State(d), d.IsBooted ? Green : d.IsPending ? Yellow : null),
                new(d.PackageCount?.ToString(CultureInfo.InvariantCulture) ?? "-"),
                new(d.IsReference ? "(reference)" : d.PackageDiff is { } diff ? DiffSummary(diff) : "-", d.IsReference ? Dim : Cyan),
                new(d.ConfigChanges is { } c ? $"{c} {Plural(c, "change", "changes")}" : "-"),
            };
            if (hasSpace)
            {
                row.Add(new(d.Space is { } s ? FormatSize(s.TotalBytes) : "-", Right: true));
                row.Add(new(d.Space is { } s1 && !d.IsReference ? FormatSize(s1.SharedBytes) : "-", Right: true));
                row.Add(new(d.Space is { } s2 ? FormatSize(s2.ExclusiveBytes) : "-", Right: true));
                row.Add(new(d.Space is { } s3 && !d.IsReference ? FormatSize(s3.FreedIfDeletedBytes) : "-", Right: true));
            }

            rows.Add([.. row]);
        }

        AppendTable(text, [.. header.Select(h => new Cell(h, Bold))], rows, color);

        if (status.Space is { } space)
        {
            text.Append('\n').Append(CultureInfo.InvariantCulture, $"Space ({space.Method}): {FormatSize(space.TotalBytes)} in all");
            if (status.Deployments.Count > 1)
            {
                text.Append(CultureInfo.InvariantCulture, $"; the others take {FormatSize(space.BeyondReferenceBytes)} beyond the reference; deleting them all frees {FormatSize(space.FreedIfAllOthersDeletedBytes)}");
            }

            if (space.UnreferencedObjectsBytes is { } dangling)
            {
                text.Append(CultureInfo.InvariantCulture, $"; repository objects no deployment uses: {FormatSize(dangling)}");
            }

            text.Append(".\n");
        }

        foreach (var d in status.Deployments.Where(d => d.PackageError is not null))
        {
            text.Append(CultureInfo.InvariantCulture, $"Packages of {Label(d)}: {d.PackageError}\n");
        }

        if (options.ShowPackages)
        {
            var reference = status.Reference!;
            foreach (var d in status.Deployments.Where(d => !d.IsReference && d.PackageDiff is { IsEmpty: false }))
            {
                text.Append('\n').Append(Paint($"Packages of {Label(d)} against {Label(reference)}:", Bold, color)).Append('\n');
                foreach (var line in PackageDiffFormatter.FormatBlock(d.PackageDiff!).Split('\n', StringSplitOptions.RemoveEmptyEntries))
                {
                    text.Append("  ").Append(line).Append('\n');
                }
            }
        }

        AppendRestarts(text, status.Restarts, color);
        return text.ToString();
    }

    /// <summary>Writes the versioned JSON form (schema version <see cref="SystemStatus.SchemaVersion"/>).</summary>
    /// <param name="writer">Where to write one JSON object.</param>
    /// <param name="status">The status.</param>
    public static void WriteJson(Utf8JsonWriter writer, SystemStatus status)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(status);
        var w = writer;
        w.WriteStartObject();
        w.WriteNumber("schemaVersion", SystemStatus.SchemaVersion);
        w.WriteString("sysroot", status.SysrootPath);
        w.WriteBoolean("booted", status.IsBooted);
        if (status.ReferenceIndex >= 0)
        {
            w.WriteNumber("referenceIndex", status.ReferenceIndex);
        }
        else
        {
            w.WriteNull("referenceIndex");
        }

        w.WriteString("headline", FormatHeadline(status));
        w.WriteStartArray("deployments");
        foreach (var d in status.Deployments)
        {
            WriteDeployment(w, d);
        }

        w.WriteEndArray();
        if (status.Space is { } space)
        {
            w.WriteStartObject("space");
            w.WriteString("method", space.Method);
            w.WriteNumber("totalBytes", space.TotalBytes);
            w.WriteNumber("beyondReferenceBytes", space.BeyondReferenceBytes);
            w.WriteNumber("freedIfAllOthersDeletedBytes", space.FreedIfAllOthersDeletedBytes);
            WriteNullableNumber(w, "unreferencedObjectsBytes", space.UnreferencedObjectsBytes);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("space");
        }

        w.WriteStartObject("restarts");
        w.WriteString("check", status.Restarts.Check switch
        {
            RestartCheck.Scanned => "scanned",
            RestartCheck.NotApplicable => "notApplicable",
            _ => "skipped",
        });
        w.WriteString("reason", status.Restarts.Reason);
        w.WritePropertyName("report");
        if (status.Restarts.Report is { } report)
        {
            JsonSerializer.Serialize(w, report, RestartJsonContext.Default.RestartReport);
        }
        else
        {
            w.WriteNullValue();
        }

        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>The JSON form as a string.</summary>
    /// <param name="status">The status.</param>
    /// <param name="indented">Whether to indent.</param>
    /// <returns>The JSON text.</returns>
    public static string FormatJson(SystemStatus status, bool indented = true)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented }))
        {
            WriteJson(writer, status);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteDeployment(Utf8JsonWriter w, DeploymentStatus d)
    {
        w.WriteStartObject();
        w.WriteNumber("index", d.Index);
        w.WriteString("id", d.Id);
        w.WriteString("osname", d.OsName);
        w.WriteString("checksum", d.Checksum);
        w.WriteNumber("serial", d.Serial);
        w.WriteString("version", d.Version);
        w.WriteString("subject", d.Subject);
        if (d.Timestamp is { } timestamp)
        {
            w.WriteString("timestamp", timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        }
        else
        {
            w.WriteNull("timestamp");
        }

        w.WriteString("refspec", d.Refspec);
        w.WriteString("path", d.Path);
        w.WriteBoolean("booted", d.IsBooted);
        w.WriteBoolean("pending", d.IsPending);
        w.WriteBoolean("rollback", d.IsRollback);
        w.WriteBoolean("default", d.IsDefault);
        w.WriteBoolean("pinned", d.IsPinned);
        w.WriteBoolean("reference", d.IsReference);

        w.WriteStartObject("packages");
        WriteNullableNumber(w, "count", d.PackageCount);
        w.WriteString("format", d.PackageFormat);
        w.WriteString("source", d.PackageSource);
        w.WriteString("error", d.PackageError);
        if (d.PackageDiff is { } diff)
        {
            w.WriteStartObject("diff");
            w.WriteString("summary", diff.Summarize());
            foreach (var kind in new[] { PackageChangeKind.Upgraded, PackageChangeKind.Downgraded, PackageChangeKind.Added, PackageChangeKind.Removed, PackageChangeKind.Rebuilt })
            {
                w.WriteNumber(PackageDiffFormatter.KindName(kind), diff.Changes.Count(c => c.Kind == kind));
            }

            w.WriteStartArray("changes");
            foreach (var change in diff.Changes)
            {
                w.WriteStartObject();
                w.WriteString("kind", PackageDiffFormatter.KindName(change.Kind));
                w.WriteString("name", change.Name);
                w.WriteString("arch", (change.Current ?? change.Previous)?.Architecture);
                w.WriteString("from", change.Previous?.Evr);
                w.WriteString("to", change.Current?.Evr);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("diff");
        }

        w.WriteEndObject();
        WriteNullableNumber(w, "configChanges", d.ConfigChanges);
        if (d.Space is { } s)
        {
            w.WriteStartObject("space");
            w.WriteNumber("totalBytes", s.TotalBytes);
            w.WriteNumber("sharedBytes", s.SharedBytes);
            w.WriteNumber("exclusiveBytes", s.ExclusiveBytes);
            w.WriteNumber("freedIfDeletedBytes", s.FreedIfDeletedBytes);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("space");
        }

        w.WriteEndObject();
    }

    private static void WriteNullableNumber(Utf8JsonWriter w, string name, long? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static void AppendRestarts(StringBuilder text, RestartStatus restarts, bool color)
    {
        text.Append('\n');
        switch (restarts.Check)
        {
            case RestartCheck.Skipped:
                text.Append("Restarts: not checked.\n");
                return;
            case RestartCheck.NotApplicable:
                text.Append(CultureInfo.InvariantCulture, $"Restarts: not applicable: {restarts.Reason}.\n");
                return;
        }

        var report = restarts.Report!;
        text.Append(CultureInfo.InvariantCulture, $"Restarts: {report.Processes.Count} of {report.ProcessesScanned} processes use files that are gone or not in the deployment that boots next");
        if (report.ProcessesSkipped > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $" ({report.ProcessesSkipped} could not be read)");
        }

        text.Append(report.Processes.Count == 0 ? ".\n" : ":\n");
        if (report.Processes.Count == 0)
        {
            return;
        }

        var rows = report.Processes.Select(p => new Cell[]
        {
            new(p.ProcessId.ToString(CultureInfo.InvariantCulture), Right: true),
            new(p.Command, Bold),
            new(p.Unit?.Name ?? "-"),
            new(ReasonText(p.Reasons), Yellow),
            new(p.Files.Count > 0 ? p.Files[0].Path + (p.Files.Count > 1 ? $" (+{p.Files.Count - 1})" : string.Empty) : "-"),
        }).ToList();
        AppendTable(text, [new("PID", Bold, Right: true), new("Command", Bold), new("Unit", Bold), new("Why", Bold), new("File", Bold)], rows, color);
        if (report.Units.Count > 0)
        {
            text.Append("Units to restart: ").Append(string.Join(", ", report.Units.Select(u => u.Scope == SystemdUnitScope.User ? $"{u.Name} (user {u.UserId})" : u.Name))).Append('\n');
        }
    }

    private static string ReasonText(RestartReasons reasons)
        => string.Join(", ", Enum.GetValues<RestartReasons>().Where(r => r != RestartReasons.None && reasons.HasFlag(r)).Select(r => char.ToLowerInvariant(r.ToString()[0]) + r.ToString()[1..]));

    private static void AppendTable(StringBuilder text, Cell[] header, List<Cell[]> rows, bool color)
    {
        var widths = new int[header.Length];
        foreach (var row in rows.Prepend(header))
        {
            for (var i = 0; i < row.Length; i++)
            {
                widths[i] = Math.Max(widths[i], row[i].Text.Length);
            }
        }

        foreach (var row in rows.Prepend(header))
        {
            var line = new StringBuilder();
            for (var i = 0; i < row.Length; i++)
            {
                var cell = row[i];
                var padded = cell.Right || header[i].Right ? cell.Text.PadLeft(widths[i]) : cell.Text.PadRight(widths[i]);
                line.Append(i == 0 ? string.Empty : "  ").Append(Paint(padded, cell.Style, color));
            }

            text.Append(line.ToString().TrimEnd()).Append('\n');
        }
    }

    private static string State(DeploymentStatus d)
    {
        var states = new List<string>(4);
        if (d.IsBooted)
        {
            states.Add("booted");
        }

        if (d.IsPending)
        {
            states.Add("pending");
        }

        if (d.IsRollback)
        {
            states.Add("rollback");
        }

        if (d.IsDefault && !d.IsBooted && !d.IsPending)
        {
            states.Add("default");
        }

        if (d.IsPinned)
        {
            states.Add("pinned");
        }

        return states.Count == 0 ? "-" : string.Join(",", states);
    }

    private static string Label(DeploymentStatus d)
        => d.Version is { } version ? $"{version} ({d.Checksum[..Math.Min(10, d.Checksum.Length)]}.{d.Serial.ToString(CultureInfo.InvariantCulture)})" : $"{d.Checksum[..Math.Min(10, d.Checksum.Length)]}.{d.Serial.ToString(CultureInfo.InvariantCulture)}";

    private static string DiffSummary(PackageDiff diff) => diff.IsEmpty ? "same packages" : diff.Summarize();

    private static string Plural(long n, string one, string many) => n == 1 ? one : many;

    private static string Paint(string text, string? style, bool color) => color && style is not null ? style + text + Reset : text;

    private readonly record struct Cell(string Text, string? Style = null, bool Right = false);
}
