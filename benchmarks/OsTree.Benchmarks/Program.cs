// `OsTree.Benchmarks checkout …` is a small tool for the whole-process comparison scripts; anything else goes to
// BenchmarkDotNet, which stays in its own method (and out of a ToolsOnly build) so the tool never loads it.
if (args.Length > 0 && args[0] == "checkout")
{
    return OsTree.Benchmarks.Tools.CheckoutTool.Run(args[1..]);
}

#if TOOLS_ONLY
Console.Error.WriteLine("This build has only the console tools (built with -p:ToolsOnly=true).");
return 2;
#else
return OsTree.Benchmarks.BenchmarkEntry.Run(args);
#endif
