using System.Diagnostics;
using OsTree.TestSupport;

namespace OsTree.Core.Tests.Processes;

/// <summary>
/// Two "deployments" built with gcc: v1 has <c>bin/prog</c> (linked against <c>libfoo.so</c> and <c>libbar.so</c>),
/// <c>bin/control</c> (linked against <c>libbar.so</c> only) and the two libraries; v2 is <c>cp -al</c> of v1 in which
/// <c>libfoo.so</c> was replaced (write + rename) by a different build. Programs started from it are killed on dispose.
/// </summary>
internal sealed class NativeDeployments : IDisposable
{
    private readonly TempDirectory _temp = new("ostree-net-restart");
    private readonly List<Process> _processes = [];

    public NativeDeployments()
    {
        V1 = _temp.Combine("v1");
        V2 = _temp.Combine("v2");
        var src = _temp.Combine("src");
        Directory.CreateDirectory(src);
        Directory.CreateDirectory(Path.Combine(V1, "lib"));
        Directory.CreateDirectory(Path.Combine(V1, "bin"));
        File.WriteAllText(Path.Combine(src, "foo.c"), "int foo(void) { return VERSION; }\n");
        File.WriteAllText(Path.Combine(src, "bar.c"), "int bar(void) { return 7; }\n");
        File.WriteAllText(Path.Combine(src, "prog.c"), """
            #include <stdio.h>
            int foo(void); int bar(void);
            int main(void) { printf("ready %d %d\n", foo(), bar()); fflush(stdout); getchar(); return 0; }
            """);
        File.WriteAllText(Path.Combine(src, "control.c"), """
            #include <stdio.h>
            int bar(void);
            int main(void) { printf("ready %d\n", bar()); fflush(stdout); getchar(); return 0; }
            """);
        Gcc("-shared", "-fPIC", "-DVERSION=1", "-o", Path.Combine(V1, "lib", "libfoo.so"), Path.Combine(src, "foo.c"));
        Gcc("-shared", "-fPIC", "-o", Path.Combine(V1, "lib", "libbar.so"), Path.Combine(src, "bar.c"));
        Gcc("-o", Path.Combine(V1, "bin", "prog"), Path.Combine(src, "prog.c"), "-L" + Path.Combine(V1, "lib"), "-lfoo", "-lbar");
        Gcc("-o", Path.Combine(V1, "bin", "control"), Path.Combine(src, "control.c"), "-L" + Path.Combine(V1, "lib"), "-lbar");
        Gcc("-shared", "-fPIC", "-DVERSION=2", "-o", Path.Combine(src, "libfoo-v2.so"), Path.Combine(src, "foo.c"));

        Tool.Check("cp", "-al", V1, V2);
        File.Copy(Path.Combine(src, "libfoo-v2.so"), Path.Combine(V2, "lib", "libfoo.so.tmp"));
        File.Move(Path.Combine(V2, "lib", "libfoo.so.tmp"), Path.Combine(V2, "lib", "libfoo.so"), overwrite: true);
    }

    public string V1 { get; }

    public string V2 { get; }

    public string Combine(params string[] parts) => _temp.Combine(parts);

    /// <summary>Starts a program of <paramref name="deployment"/> with its libraries, and waits until it has run them.</summary>
    public Process Start(string deployment, string program)
    {
        var start = new ProcessStartInfo(Path.Combine(deployment, "bin", program))
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.Environment["LD_LIBRARY_PATH"] = Path.Combine(deployment, "lib");
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Cannot start {program}.");
        _processes.Add(process);
        var line = process.StandardOutput.ReadLine();
        Assert.StartsWith("ready", line);
        return process;
    }

    public void Dispose()
    {
        foreach (var process in _processes)
        {
            try
            {
                process.Kill();
                process.WaitForExit(5000);
            }
            catch (InvalidOperationException)
            {
                // Already exited.
            }

            process.Dispose();
        }

        _temp.Dispose();
    }

    private static void Gcc(params string[] args) => Tool.Check("gcc", args);
}
