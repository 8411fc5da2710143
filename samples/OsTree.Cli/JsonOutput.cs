using System.Text.Json;

namespace OsTree.Cli;

/// <summary>Writes --json output with Utf8JsonWriter: no reflection, so the CLI stays trimmable.</summary>
internal static class JsonOutput
{
    public static void Write(Action<Utf8JsonWriter> write)
    {
        using var stdout = Console.OpenStandardOutput();
        using (var writer = new Utf8JsonWriter(stdout, new JsonWriterOptions { Indented = true }))
        {
            write(writer);
        }

        stdout.Write("\n"u8);
    }
}
