using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using OsTree.Deployments;
using OsTree.Packaging;
using OsTree.Packaging.Transactions;

namespace OsTree.Cli.Commands;

/// <summary>
/// <c>otree admin transaction [--os=OS] [--dry-run] [--yes] [--bind=SRC[:DEST]]… -- COMMAND…</c>: runs a package
/// manager against a new image made from a deployment and deploys the result in one atomic switch.
/// </summary>
internal static class AdminTransactionCommand
{
    public static Command Create(Option<string> sysrootPath)
    {
        var os = new Option<string?>("--os") { Description = "The stateroot (default: the booted one, else the default deployment's)" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print what would change, then discard the new image" };
        var yes = new Option<bool>("--yes", "-y") { Description = "Deploy without asking" };
        var bind = new Option<string[]>("--bind") { Description = "Bind a host path read-only into the image while the command runs: SRC[:DEST]" };
        var json = GlobalOptions.Json();
        var command = new Argument<string[]>("COMMAND") { Arity = ArgumentArity.OneOrMore, Description = "The package-manager command, after --" };
        var transaction = new Command("transaction", "Run a package manager against a new image of a deployment, then deploy it atomically")
        {
            os, dryRun, yes, bind, json, command,
        };
        transaction.SetAction((parse, invocationToken) =>
        {
            // SIGINT and SIGTERM cancel: the command is killed (with everything it started) and the working tree deleted
            // before otree exits, instead of the runtime's immediate exit leaving the tree to the next run.
            using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(invocationToken);
            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Cancel);
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel);
            var cancellationToken = cancellation.Token;
            void Cancel(PosixSignalContext context)
            {
                context.Cancel = true;
                cancellation.Cancel();
            }

            var path = parse.GetValue(sysrootPath)!;
            var sysroot = Sysroot.Open(path, new SysrootOptions().UseBtrfs());
            var asJson = parse.GetValue(json);
            var assumeYes = parse.GetValue(yes);
            var result = PackageTransaction.Run(sysroot, new PackageTransactionOptions
            {
                Command = parse.GetValue(command)!,
                OsName = parse.GetValue(os),
                DryRun = parse.GetValue(dryRun),
                WorkingTreeBackend = new BtrfsWorkingTreeBackend(),
                Binds = (parse.GetValue(bind) ?? []).Select(ParseBind).ToList(),
                Confirm = preview =>
                {
                    if (!asJson)
                    {
                        PrintPreview(preview);
                    }

                    return assumeYes || Ask();
                },
            }, cancellationToken);

            if (asJson)
            {
                WriteJson(result);
            }
            else if (!result.Applied)
            {
                if (parse.GetValue(dryRun))
                {
                    PrintPreview(result.Preview);
                    Console.WriteLine("Dry run: the new image is discarded; nothing changed.");
                }
                else
                {
                    Console.WriteLine("Not deployed: the new image is discarded; nothing changed.");
                }
            }
            else
            {
                Console.WriteLine($"Committed {result.Commit}");
                Console.WriteLine($"Deployed {result.Deployment!.Deployment.RelativePath}");
            }

            return Task.FromResult(ExitCodes.Success);
        });
        return transaction;
    }

    private static TransactionBind ParseBind(string value)
    {
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        var source = colon < 0 ? value : value[..colon];
        var target = colon < 0 ? value : value[(colon + 1)..];
        if (!Path.IsPathFullyQualified(source) || !target.StartsWith('/'))
        {
            throw new CliUsageException($"--bind={value}: SRC and DEST must be absolute paths");
        }

        return new TransactionBind(Path.TrimEndingDirectorySeparator(source), target.Length > 1 ? target.TrimEnd('/') : target);
    }

    private static bool Ask()
    {
        if (Console.IsInputRedirected)
        {
            throw new CliUsageException("standard input is not a terminal: pass --yes to deploy, or --dry-run");
        }

        Console.Write("Deploy the new image? [y/N] ");
        var answer = Console.ReadLine()?.Trim();
        return answer is "y" or "Y" or "yes";
    }

    private static void PrintPreview(PackageTransactionPreview preview)
    {
        var seconds = preview.PreparationTime.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture);
        Console.WriteLine($"Working tree: {KindName(preview.WorkingTreeKind)} of {preview.Source.OsName} {preview.Source.Name} ({seconds} s)");
        Console.WriteLine(preview.Packages.IsEmpty ? "Packages: no change" : $"Packages: {preview.Packages.Summarize()}");
        Console.Write(PackageDiffFormatter.FormatBlock(preview.Packages));
        var space = preview.Space;
        Console.WriteLine(
            $"Space: {space.NewObjects} new objects, {Size(space.RequiredBytes)} needed, {Size(space.UsableBytes)} usable"
            + (space.Fits ? string.Empty : $": short by {Size(space.ShortfallBytes)}"));
        if (preview.Restarts is { } restarts)
        {
            Console.WriteLine(restarts.Processes.Count == 0 ? "Restarts: none needed" : $"Restarts: {restarts.Processes.Count} processes");
            foreach (var process in restarts.Processes)
            {
                Console.WriteLine($"  {process.ProcessId} {process.Command}{(process.Unit is { } unit ? " (" + unit.Name + ")" : string.Empty)}");
            }
        }
        else
        {
            Console.WriteLine($"Restarts: not predicted: {preview.RestartsSkippedReason}");
        }
    }

    private static void WriteJson(PackageTransactionResult result)
    {
        var preview = result.Preview;
        JsonOutput.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("source", preview.Source.RelativePath);
            w.WriteString("sourceChecksum", preview.Source.Checksum);
            w.WriteString("workingTree", KindName(preview.WorkingTreeKind));
            w.WriteNumber("preparationSeconds", preview.PreparationTime.TotalSeconds);
            w.WritePropertyName("packages");
            using (var diff = JsonDocument.Parse(PackageDiffFormatter.FormatJson(preview.Packages, indented: false)))
            {
                diff.RootElement.WriteTo(w);
            }

            w.WriteStartObject("space");
            w.WriteNumber("newObjects", preview.Space.NewObjects);
            w.WriteNumber("requiredBytes", preview.Space.RequiredBytes);
            w.WriteNumber("usableBytes", preview.Space.UsableBytes);
            w.WriteBoolean("fits", preview.Space.Fits);
            w.WriteEndObject();
            if (preview.Restarts is { } restarts)
            {
                w.WriteStartArray("restarts");
                foreach (var process in restarts.Processes)
                {
                    w.WriteStartObject();
                    w.WriteNumber("pid", process.ProcessId);
                    w.WriteString("command", process.Command);
                    w.WriteString("unit", process.Unit?.Name);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }
            else
            {
                w.WriteNull("restarts");
                w.WriteString("restartsSkipped", preview.RestartsSkippedReason);
            }

            w.WriteBoolean("applied", result.Applied);
            w.WriteString("commit", result.Commit?.ToString());
            w.WriteString("deployment", result.Deployment?.Deployment.RelativePath);
            w.WriteEndObject();
        });
    }

    private static string KindName(WorkingTreeKind kind) => kind switch
    {
        WorkingTreeKind.Snapshot => "btrfs snapshot",
        WorkingTreeKind.ReflinkCopy => "reflink copy",
        _ => "copy",
    };

    private static string Size(long bytes) => bytes switch
    {
        >= 1L << 30 => (bytes / (double)(1L << 30)).ToString("0.0", CultureInfo.InvariantCulture) + " GiB",
        >= 1L << 20 => (bytes / (double)(1L << 20)).ToString("0.0", CultureInfo.InvariantCulture) + " MiB",
        >= 1L << 10 => (bytes / (double)(1L << 10)).ToString("0.0", CultureInfo.InvariantCulture) + " KiB",
        _ => bytes.ToString(CultureInfo.InvariantCulture) + " B",
    };
}
