using OsTree.Cli;

return await OtreeApp.RunAsync(args).ConfigureAwait(false);
