using OsTree.Fuzz;

// Usage: OsTree.Fuzz TARGET            under afl-fuzz (reads each input from stdin through SharpFuzz)
//        OsTree.Fuzz TARGET FILE...    runs inputs once, without AFL (to replay a crash)
if (args.Length == 0 || !Targets.All.TryGetValue(args[0], out var target))
{
    Console.Error.WriteLine("targets: " + string.Join(", ", Targets.All.Keys));
    return 2;
}

if (args.Length > 1)
{
    foreach (var file in args[1..])
    {
        Targets.Run(target, File.ReadAllBytes(file));
    }

    return 0;
}

SharpFuzz.Fuzzer.OutOfProcess.Run(stream =>
{
    using var buffer = new MemoryStream();
    stream.CopyTo(buffer);
    Targets.Run(target, buffer.ToArray());
});
return 0;
