// `pull` runs the library's pull as a whole process for benchmarks/compare-pull.sh; anything else goes to BenchmarkDotNet.
if (args is ["pull", .. var rest])
{
    return await OsTree.Benchmarks.Tools.PullTool.RunAsync(rest);
}

BenchmarkDotNet.Running.BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
