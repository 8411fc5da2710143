namespace OsTree.Processes;

/// <summary>Progress of a restart scan.</summary>
/// <param name="Stage">What is being done: <c>processes</c> (reading <c>/proc</c>) or <c>deployments</c> (walking trees).</param>
/// <param name="Done">Items finished in this stage.</param>
/// <param name="Total">Items in this stage.</param>
public readonly record struct RestartScanProgress(string Stage, int Done, int Total);
