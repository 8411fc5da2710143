using OsTree.TestSupport;

namespace OsTree.Cli.Tests;

/// <summary>Runs the built <c>otree</c> as its own process, as users and scripts do.</summary>
internal static class Otree
{
    private static readonly string Dll = Path.Combine(AppContext.BaseDirectory, "otree.dll");

    public static ToolResult Run(params string[] args) => Tool.Run("dotnet", [Dll, .. args]);

    public static string Check(params string[] args) => Run(args).EnsureSuccess("otree " + string.Join(' ', args)).StandardOutput;
}
