namespace OsTree.Packaging.Status;

/// <summary>How <see cref="SystemStatusFormatter.FormatText"/> renders a status for people.</summary>
public sealed record SystemStatusTextOptions
{
    /// <summary>List every package change, not only each deployment's summary line.</summary>
    public bool ShowPackages { get; init; }

    /// <summary>Emphasize with ANSI colours; set it only when writing to a terminal.</summary>
    public bool UseColor { get; init; }
}
