using System.Globalization;
using System.Text.Json;
using OsTree.Objects;

namespace OsTree.Cli.Commands;

/// <summary>Prints a commit the way <c>ostree show</c> and <c>ostree log</c> do, or as JSON.</summary>
internal static class CommitPrinter
{
    public static void WriteText(TextWriter output, Checksum checksum, Commit commit)
    {
        output.WriteLine($"commit {checksum}");
        if (commit.Parent is { } parent)
        {
            output.WriteLine($"Parent:  {parent}");
        }

        output.WriteLine($"ContentChecksum:  {commit.ContentChecksum}");
        output.WriteLine($"Date:  {commit.TimestampUtc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} +0000");
        if (commit.Version is { } version)
        {
            output.WriteLine($"Version: {version}");
        }

        output.WriteLine();
        output.WriteLine($"    {commit.Subject}");
        output.WriteLine();
        if (commit.Body.Length > 0)
        {
            foreach (var line in commit.Body.Split('\n'))
            {
                output.WriteLine($"    {line}");
            }

            output.WriteLine();
        }
    }

    public static void WriteJson(Utf8JsonWriter w, Checksum checksum, Commit commit)
    {
        w.WriteStartObject();
        w.WriteString("checksum", checksum.ToString());
        if (commit.Parent is { } parent)
        {
            w.WriteString("parent", parent.ToString());
        }
        else
        {
            w.WriteNull("parent");
        }

        w.WriteString("contentChecksum", commit.ContentChecksum.ToString());
        w.WriteNumber("timestamp", commit.Timestamp);
        w.WriteString("date", commit.TimestampUtc.ToString("O", CultureInfo.InvariantCulture));
        w.WriteString("subject", commit.Subject);
        w.WriteString("body", commit.Body);
        w.WriteString("rootTree", commit.RootTree.ToString());
        w.WriteString("rootMeta", commit.RootMeta.ToString());
        w.WriteStartObject("metadata");
        foreach (var (key, value) in commit.Metadata)
        {
            w.WriteString(key, value.ToString());
        }

        w.WriteEndObject();
        w.WriteEndObject();
    }
}
