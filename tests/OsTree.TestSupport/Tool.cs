using System.Diagnostics;

namespace OsTree.TestSupport;

/// <summary>Runs the real tools (ostree, rpm, dpkg, btrfs, …) that serve as the tests' oracles.</summary>
public static class Tool
{
    public static bool Exists(string name) => Find(name) is not null;

    public static string? Find(string name)
    {
        if (name.Contains('/'))
        {
            return File.Exists(name) ? name : null;
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin";
        foreach (var dir in path.Split(':').Concat(["/usr/sbin", "/sbin"]))
        {
            var candidate = System.IO.Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    public static ToolResult Run(string name, params string[] args) => RunIn(null, name, args);

    public static ToolResult RunIn(string? workingDirectory, string name, params string[] args)
        => RunWithInput(workingDirectory, null, name, args);

    public static ToolResult RunWithInput(string? workingDirectory, string? stdin, string name, params string[] args)
    {
        var start = new ProcessStartInfo(Find(name) ?? name)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            UseShellExecute = false,
        };
        if (workingDirectory is not null)
        {
            start.WorkingDirectory = workingDirectory;
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Cannot start {name}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            process.StandardInput.Write(stdin);
            process.StandardInput.Close();
        }

        process.WaitForExit();
        return new ToolResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Runs a shell snippet with <c>bash -euo pipefail -c</c>.</summary>
    public static ToolResult Shell(string script, string? workingDirectory = null)
        => RunIn(workingDirectory, "bash", "-euo", "pipefail", "-c", script);

    public static string Check(string name, params string[] args)
        => Run(name, args).EnsureSuccess($"{name} {string.Join(' ', args)}").StandardOutput;
}
