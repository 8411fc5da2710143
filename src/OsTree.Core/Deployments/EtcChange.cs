namespace OsTree.Deployments;

/// <summary>One difference between two <c>/etc</c> trees.</summary>
public sealed class EtcChange
{
    internal EtcChange(EtcChangeKind kind, string path, bool isDirectory)
    {
        Kind = kind;
        Path = path;
        IsDirectory = isDirectory;
    }

    /// <summary>Modified, removed or added.</summary>
    public EtcChangeKind Kind { get; }

    /// <summary>The path relative to <c>/etc</c>, with <c>/</c> separators.</summary>
    public string Path { get; }

    /// <summary>
    /// Whether the path is a directory in the changed tree (for <see cref="EtcChangeKind.Removed"/>: in the original one).
    /// </summary>
    public bool IsDirectory { get; }

    /// <summary>The line <c>ostree admin config-diff</c> prints: the letter, four spaces, the path.</summary>
    /// <returns>For example <c>M    ssh/sshd_config</c>.</returns>
    public override string ToString() => $"{Kind switch { EtcChangeKind.Modified => 'M', EtcChangeKind.Removed => 'D', _ => 'A' }}    {Path}";
}
