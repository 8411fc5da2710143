using System.CommandLine;
using System.Text.Json;
using OsTree.Deployments;
using OsTree.Repositories;

namespace OsTree.Cli.Commands;

/// <summary>
/// <c>otree admin …</c>: deployments in libostree's sysroot layout, with <c>ostree admin</c>'s verbs and flags.
/// </summary>
internal static class AdminCommand
{
    /// <summary>The verb.</summary>
    public const string Name = "admin";

    /// <summary>What <c>otree --help</c> says of the verb.</summary>
    public const string Description = "Manage deployments in a sysroot";

    private static readonly Option<string> SysrootPath = new("--sysroot")
    {
        Description = "The physical sysroot (default /)",
        DefaultValueFactory = _ => "/",
        Recursive = true,
    };

    public static Command Create()
    {
        var admin = new Command(Name, Description) { SysrootPath };
        admin.Add(CreateOsInit());
        admin.Add(CreateDeploy());
        admin.Add(CreateStatus());
        admin.Add(CreateRollback());
        admin.Add(CreateUndeploy());
        admin.Add(CreatePin());
        admin.Add(CreateCleanup());
        admin.Add(CreateConfigDiff());
        admin.Add(AdminTransactionCommand.Create(SysrootPath));
        return admin;
    }

    /// <summary>
    /// Opens the sysroot with the BTRFS backend, which makes deployments subvolumes where the sysroot is on BTRFS and
    /// deletes them as such, and is the hard-link checkout everywhere else; <c>--backend=hardlink</c> forces hard links.
    /// </summary>
    private static Sysroot OpenSysroot(ParseResult parse, bool hardLinksOnly = false)
    {
        var options = hardLinksOnly ? new SysrootOptions() : new SysrootOptions().UseBtrfs();
        var sysroot = Sysroot.Open(parse.GetValue(SysrootPath)!, options);
        sysroot.Load();
        return sysroot;
    }

    private static Command CreateOsInit()
    {
        var os = new Argument<string>("OSNAME");
        var command = new Command("os-init", "Initialize an empty stateroot (its var directory)") { os };
        command.SetAction(parse =>
        {
            Sysroot.Open(parse.GetValue(SysrootPath)!).InitializeStateRoot(parse.GetValue(os)!);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateDeploy()
    {
        var os = new Option<string?>("--os") { Description = "The stateroot to deploy into" };
        var karg = new Option<string[]>("--karg") { Description = "Set kernel argument (replaces those inherited)" };
        var kargAppend = new Option<string[]>("--karg-append") { Description = "Append a kernel argument to those inherited" };
        var kargDelete = new Option<string[]>("--karg-delete") { Description = "Delete a kernel argument" };
        var retain = new Option<bool>("--retain") { Description = "Keep all existing deployments" };
        var retainPending = new Option<bool>("--retain-pending") { Description = "Keep the pending deployment" };
        var retainRollback = new Option<bool>("--retain-rollback") { Description = "Keep the rollback deployment" };
        var notDefault = new Option<bool>("--not-as-default") { Description = "Add the deployment at the end instead of booting it next" };
        var noMerge = new Option<bool>("--no-merge") { Description = "Start /etc from the new tree only, without the three-way merge" };
        var backend = new Option<string>("--backend")
        {
            Description = "How the deployment directory is made: auto (a BTRFS snapshot on BTRFS, hard links elsewhere) or hardlink",
            DefaultValueFactory = _ => "auto",
        };
        backend.AcceptOnlyFromAmong("auto", "hardlink");
        var json = GlobalOptions.Json();
        var refspec = new Argument<string>("REFSPEC") { Description = "A ref or commit in the sysroot's repository" };
        var command = new Command("deploy", "Check out a revision as a new deployment and make it boot next")
        {
            os, karg, kargAppend, kargDelete, retain, retainPending, retainRollback, notDefault, noMerge, backend, json, refspec,
        };
        command.SetAction(parse =>
        {
            var sysroot = OpenSysroot(parse, hardLinksOnly: parse.GetValue(backend) == "hardlink");
            var repo = Repository.Open(sysroot.RepositoryPath);
            var spec = parse.GetValue(refspec)!;
            var commit = repo.ResolveRev(spec);
            var kargs = parse.GetValue(karg) ?? [];
            var result = sysroot.Deploy(new DeployOptions
            {
                OsName = parse.GetValue(os),
                Commit = commit.ToString(),
                Refspec = spec == commit.ToString() ? null : spec,
                KernelArguments = kargs,
                NoKernelArguments = false,
                AppendKernelArguments = parse.GetValue(kargAppend) ?? [],
                DeleteKernelArguments = parse.GetValue(kargDelete) ?? [],
                Retain = parse.GetValue(retain),
                RetainPending = parse.GetValue(retainPending),
                RetainRollback = parse.GetValue(retainRollback),
                NotAsDefault = parse.GetValue(notDefault),
                NoMerge = parse.GetValue(noMerge),
            });
            if (parse.GetValue(json))
            {
                JsonOutput.Write(w =>
                {
                    w.WriteStartObject();
                    w.WritePropertyName("deployment");
                    WriteDeployment(w, sysroot, result.Deployment, booted: false);
                    if (result.EtcMerge is { } plan)
                    {
                        w.WriteStartArray("etcMerge");
                        foreach (var entry in plan.Entries)
                        {
                            w.WriteStartObject();
                            w.WriteString("path", entry.Path);
                            w.WriteString("action", entry.Action.ToString().ToLowerInvariant());
                            w.WriteString("message", entry.Message);
                            w.WriteEndObject();
                        }

                        w.WriteEndArray();
                    }

                    w.WriteEndObject();
                });
            }
            else
            {
                Console.WriteLine($"Deployed {result.Deployment.RelativePath}");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateStatus()
    {
        var json = GlobalOptions.Json();
        var command = new Command("status", "List deployments") { json };
        command.SetAction(parse =>
        {
            var sysroot = OpenSysroot(parse);
            if (!parse.GetValue(json))
            {
                Console.Out.Write(sysroot.FormatStatus());
                return ExitCodes.Success;
            }

            JsonOutput.Write(w =>
            {
                w.WriteStartObject();
                w.WriteNumber("schemaVersion", 1);
                w.WriteString("sysroot", sysroot.Path);
                w.WriteNumber("bootVersion", sysroot.BootVersion);
                w.WriteStartArray("deployments");
                foreach (var deployment in sysroot.Deployments)
                {
                    WriteDeployment(w, sysroot, deployment, deployment.IsBooted);
                }

                w.WriteEndArray();
                w.WriteEndObject();
            });
            return ExitCodes.Success;
        });
        return command;
    }

    private static void WriteDeployment(Utf8JsonWriter w, Sysroot sysroot, Deployment deployment, bool booted)
    {
        w.WriteStartObject();
        w.WriteNumber("index", deployment.Index);
        w.WriteString("osname", deployment.OsName);
        w.WriteString("checksum", deployment.Checksum);
        w.WriteNumber("serial", deployment.DeploySerial);
        w.WriteString("bootChecksum", deployment.BootChecksum);
        w.WriteNumber("bootSerial", deployment.BootSerial);
        w.WriteBoolean("booted", booted);
        w.WriteBoolean("pinned", deployment.IsPinned);
        w.WriteString("path", deployment.RelativePath);
        w.WriteString("refspec", deployment.Origin?.Refspec);
        w.WriteString("version", sysroot.GetCommitVersion(deployment.Checksum));
        w.WriteString("options", deployment.BootConfig.Options);
        w.WriteEndObject();
    }

    private static Command CreateRollback()
    {
        var command = new Command("rollback", "Make the previous deployment boot next");
        command.SetAction(parse =>
        {
            var target = OpenSysroot(parse).Rollback();
            Console.WriteLine($"Moved {target.OsName} {target.Name} to be first in the boot order");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateUndeploy()
    {
        var index = new Argument<int>("INDEX") { Description = "The deployment's index, as status lists it" };
        var command = new Command("undeploy", "Remove a deployment") { index };
        command.SetAction(parse =>
        {
            var removed = OpenSysroot(parse).Undeploy(parse.GetValue(index));
            Console.WriteLine($"Deleted deployment {removed.Name}");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreatePin()
    {
        var unpin = new Option<bool>("--unpin", "-u") { Description = "Unpin instead of pinning" };
        var indexes = new Argument<int[]>("INDEX") { Arity = ArgumentArity.OneOrMore };
        var command = new Command("pin", "Keep a deployment from being garbage collected") { unpin, indexes };
        command.SetAction(parse =>
        {
            var sysroot = OpenSysroot(parse);
            var pinned = !parse.GetValue(unpin);
            foreach (var index in parse.GetValue(indexes)!)
            {
                var deployment = sysroot.SetPinned(index, pinned);
                Console.WriteLine($"Deployment {deployment.Name} is now {(pinned ? "pinned" : "unpinned")}");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateCleanup()
    {
        var command = new Command("cleanup", "Delete leftover deployments, boot files and unreferenced objects");
        command.SetAction(parse =>
        {
            OpenSysroot(parse).Cleanup();
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateConfigDiff()
    {
        var os = new Option<string?>("--os") { Description = "The stateroot (default: the booted or first one)" };
        var json = GlobalOptions.Json();
        var command = new Command("config-diff", "List the changes made to /etc against the deployment's usr/etc") { os, json };
        command.SetAction(parse =>
        {
            var sysroot = OpenSysroot(parse);
            var deployment = sysroot.GetMergeDeployment(parse.GetValue(os))
                ?? throw new CliUsageException("no deployment to compare");
            var changes = sysroot.GetConfigDiff(deployment);
            if (parse.GetValue(json))
            {
                JsonOutput.Write(w =>
                {
                    w.WriteStartArray();
                    foreach (var change in changes)
                    {
                        w.WriteStartObject();
                        w.WriteString("kind", change.Kind.ToString().ToLowerInvariant());
                        w.WriteString("path", change.Path);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                });
            }
            else
            {
                foreach (var change in changes)
                {
                    Console.WriteLine(change);
                }
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
