// `OsTree.Benchmarks checkout …` and `… pull …` are small tools for the whole-process comparison scripts; anything
// else goes to BenchmarkDotNet, which stays in its own method (and out of a ToolsOnly build) so the tools never load it.
if (args.Length > 0 && args[0] == "checkout")
{
    return OsTree.Benchmarks.Tools.CheckoutTool.Run(args[1..]);
}

if (args is ["pull", .. var rest])
{
    return await OsTree.Benchmarks.Tools.PullTool.RunAsync(rest);
}

#if TOOLS_ONLY
Console.Error.WriteLine("This build has only the console tools (built with -p:ToolsOnly=true).");
return 2;
#else
return OsTree.Benchmarks.BenchmarkEntry.Run(args);
#endif
