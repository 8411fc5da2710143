using System.CommandLine;
using System.Globalization;
using OsTree.Repositories;
using OsTree.Transport;

namespace OsTree.Cli.Commands;

/// <summary>
/// <c>otree summary -u</c> regenerates the <c>summary</c> file as <c>ostree summary -u</c> does; <c>summary -v</c>
/// prints it in ostree's words (<c>--json</c> for the facts).
/// </summary>
internal static class SummaryCommand
{
    /// <summary>The verb.</summary>
    public const string Name = "summary";

    /// <summary>What <c>otree --help</c> says of the verb.</summary>
    public const string Description = "Manage summary metadata";

    public static Command Create()
    {
        var update = new Option<bool>("--update", "-u") { Description = "Update the summary" };
        var view = new Option<bool>("--view", "-v") { Description = "View the local summary file" };
        var json = GlobalOptions.Json();
        var command = new Command(Name, Description) { update, view, json };
        command.SetAction(parse =>
        {
            if (!parse.GetValue(update) && !parse.GetValue(view))
            {
                throw new CliUsageException("summary needs --update (-u) or --view (-v)");
            }

            var repo = Repository.Open(GlobalOptions.RepoPath(parse));
            RepositorySummary? summary = null;
            if (parse.GetValue(update))
            {
                summary = repo.UpdateSummary();
            }

            if (!parse.GetValue(view) && !parse.GetValue(json))
            {
                return ExitCodes.Success;
            }

            if (summary is null && !repo.TryReadSummary(out summary))
            {
                throw new CliUsageException($"the repository {repo.Path} has no summary (otree summary -u makes one)");
            }

            if (parse.GetValue(json))
            {
                WriteJson(summary);
            }
            else
            {
                Console.Out.Write(Format(summary));
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The text of <c>ostree summary -v</c> for the keys libostree writes.</summary>
    internal static string Format(RepositorySummary summary)
    {
        var text = new System.Text.StringBuilder();
        foreach (var r in summary.Refs)
        {
            text.Append(CultureInfo.InvariantCulture, $"* {r.Name}\n    Latest Commit ({r.CommitSize} bytes):\n      {r.Commit}\n");
            if (r.Version is { } version)
            {
                text.Append(CultureInfo.InvariantCulture, $"    Version (ostree.commit.version): {version}\n");
            }

            if (r.Timestamp is { } seconds)
            {
                text.Append(CultureInfo.InvariantCulture, $"    Timestamp (ostree.commit.timestamp): {Time(DateTimeOffset.FromUnixTimeSeconds((long)seconds))}\n");
            }

            text.Append('\n');
        }

        if (summary.Mode is { } mode)
        {
            text.Append(CultureInfo.InvariantCulture, $"Repository Mode ({RepositorySummary.ModeKey}): {mode}\n");
        }

        if (summary.LastModified is { } modified)
        {
            text.Append(CultureInfo.InvariantCulture, $"Last-Modified ({RepositorySummary.LastModifiedKey}): {Time(modified)}\n");
        }

        if (summary.Expires is { } expires)
        {
            text.Append(CultureInfo.InvariantCulture, $"Expires ({RepositorySummary.ExpiresKey}): {Time(expires)}\n");
        }

        if (summary.Metadata.TryGetValue(RepositorySummary.TombstoneCommitsKey, out _))
        {
            text.Append(CultureInfo.InvariantCulture, $"Has Tombstone Commits ({RepositorySummary.TombstoneCommitsKey}): {(summary.TombstoneCommits ? "Yes" : "No")}\n");
        }

        if (summary.Metadata.TryGetValue(RepositorySummary.IndexedDeltasKey, out var indexed) && indexed.Type.Equals(GVariant.GVariantType.Boolean))
        {
            text.Append(CultureInfo.InvariantCulture, $"{RepositorySummary.IndexedDeltasKey}: {(indexed.GetBoolean() ? "true" : "false")}\n");
        }

        return text.ToString();
    }

    // GLib's "%FT%T%:::z" in UTC, as ostree prints times on a machine set to UTC.
    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + "+00";

    private static void WriteJson(RepositorySummary summary) => JsonOutput.Write(w =>
    {
        w.WriteStartObject();
        w.WriteStartArray("refs");
        foreach (var r in summary.Refs)
        {
            w.WriteStartObject();
            w.WriteString("name", r.Name);
            w.WriteString("commit", r.Commit.ToString());
            w.WriteNumber("commit-size", r.CommitSize);
            if (r.Version is { } version)
            {
                w.WriteString("version", version);
            }

            if (r.Timestamp is { } seconds)
            {
                w.WriteNumber("timestamp", seconds);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        if (summary.Mode is { } mode)
        {
            w.WriteString("mode", mode);
        }

        if (summary.LastModified is { } modified)
        {
            w.WriteString("last-modified", modified);
        }

        w.WriteBoolean("tombstone-commits", summary.TombstoneCommits);
        w.WriteEndObject();
    });
}
