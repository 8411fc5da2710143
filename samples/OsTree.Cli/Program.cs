using OsTree.Cli;
using OsTree.Cli.Native;

HeapPrefault.Run();
return await OtreeApp.RunAsync(args).ConfigureAwait(false);
