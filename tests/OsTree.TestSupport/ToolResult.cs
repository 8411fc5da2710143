namespace OsTree.TestSupport;

/// <summary>What a finished external program returned.</summary>
public sealed record ToolResult(int ExitCode, string StandardOutput, string StandardError)
{
    public ToolResult EnsureSuccess(string what)
    {
        if (ExitCode != 0)
        {
            throw new InvalidOperationException($"{what} exited with {ExitCode}:\n{StandardError}\n{StandardOutput}");
        }

        return this;
    }
}
