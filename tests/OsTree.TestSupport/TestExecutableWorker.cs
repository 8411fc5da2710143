using System.Diagnostics;
using System.Reflection;

namespace OsTree.TestSupport;

/// <summary>
/// Starts the running test executable again as a child process, with environment variables that make one of its
/// module initializers take over (the crash harnesses' workers), with stdout and stderr redirected.
/// </summary>
public static class TestExecutableWorker
{
    /// <summary>Starts <paramref name="testAssembly"/>'s executable with <paramref name="environment"/> added.</summary>
    public static Process Start(Assembly testAssembly, params (string Name, string Value)[] environment)
    {
        ArgumentNullException.ThrowIfNull(testAssembly);
        var dll = testAssembly.Location;
        var host = Environment.ProcessPath!;
        var start = Path.GetFileNameWithoutExtension(host) == "dotnet"
            ? new ProcessStartInfo(host) { ArgumentList = { "exec", dll } }
            : new ProcessStartInfo(Path.ChangeExtension(dll, null));
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return Process.Start(start)!;
    }
}
