using OsTree.Processes;
using OsTree.TestSupport;
using OsTree.Usage;

namespace OsTree.Core.Tests.Processes;

public sealed class RestartDetectorTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static DeploymentTree[] Trees(NativeDeployments d) => [new("v1", d.V1), new("v2", d.V2)];

    [Fact]
    public async Task A_process_running_a_library_the_next_deployment_replaced_is_flagged_and_a_control_is_not()
    {
        Requires.Tool("gcc", "cp");
        using var d = new NativeDeployments();
        var prog = d.Start(d.V1, "prog");
        var control = d.Start(d.V1, "control");

        // The whole machine: other processes may be flagged for their own reasons, ours must be exactly right.
        var report = await new RestartDetector().ScanAsync(new RestartScanRequest { Deployments = Trees(d), NextBootId = "v2" }, cancellationToken: Token);

        var finding = Assert.Single(report.Processes, p => p.ProcessId == prog.Id);
        var file = Assert.Single(finding.Files);
        Assert.Equal(Path.Combine(d.V1, "lib", "libfoo.so"), file.Path);
        Assert.Equal(RestartReasons.OtherDeployment, file.Reasons);
        Assert.Equal(["v1"], file.Deployments);
        Assert.Equal("lib/libfoo.so", file.PathInDeployment);
        Assert.Equal("prog", finding.Command);
        Assert.Equal(Path.Combine(d.V1, "bin", "prog"), finding.Executable);
        Assert.DoesNotContain(report.Processes, p => p.ProcessId == control.Id);
        Assert.True(report.ProcessesScanned >= 2);

        // Booting v1 again: nothing of ours is flagged.
        var again = await new RestartDetector().ScanAsync(new RestartScanRequest { Deployments = Trees(d), NextBootId = "v1", ProcessIds = [prog.Id, control.Id] }, cancellationToken: Token);
        Assert.Empty(again.Processes);
        Assert.Equal(2, again.ProcessesScanned);
    }

    [Fact]
    public async Task A_library_replaced_by_rename_or_removed_under_a_running_process_is_deleted()
    {
        Requires.Tool("gcc", "cp");
        using var d = new NativeDeployments();
        var replaced = d.Start(d.V1, "prog");
        var removed = d.Start(d.V2, "prog");
        var control = d.Start(d.V1, "control");

        // v1's libfoo replaced by write + rename while a repository object still links the old inode: the kernel
        // marks the mapping (deleted) all the same, since its directory entry is gone. v2's is removed.
        var lib = Path.Combine(d.V1, "lib", "libfoo.so");
        Tool.Check("ln", lib, d.Combine("object-of-old-libfoo"));
        File.Copy(lib, lib + ".new");
        File.Move(lib + ".new", lib, overwrite: true);
        File.Delete(Path.Combine(d.V2, "lib", "libfoo.so"));

        var report = await new RestartDetector().ScanAsync(new RestartScanRequest { ProcessIds = [replaced.Id, removed.Id, control.Id] }, cancellationToken: Token);
        Assert.Equal(2, report.Processes.Count);
        var r = Assert.Single(Assert.Single(report.Processes, p => p.ProcessId == replaced.Id).Files);
        Assert.Equal(RestartReasons.Deleted, r.Reasons);
        Assert.Equal(lib, r.Path);
        var x = Assert.Single(Assert.Single(report.Processes, p => p.ProcessId == removed.Id).Files);
        Assert.Equal(RestartReasons.Deleted, x.Reasons);
        Assert.Equal(Path.Combine(d.V2, "lib", "libfoo.so"), x.Path);
    }

    [Fact]
    public async Task A_path_that_now_names_another_inode_is_replaced()
    {
        Requires.Root("bind-mounts v2's lib over v1's, as a deployment switch under a running process would");
        Requires.Tool("gcc", "cp", "mount", "umount");
        using var d = new NativeDeployments();
        var prog = d.Start(d.V1, "prog");
        var control = d.Start(d.V1, "control");
        var v1lib = Path.Combine(d.V1, "lib");
        Tool.Check("mount", "--bind", Path.Combine(d.V2, "lib"), v1lib);
        try
        {
            var report = await new RestartDetector().ScanAsync(new RestartScanRequest { ProcessIds = [prog.Id, control.Id] }, cancellationToken: Token);

            // libbar is the same inode in both (hard links), so only libfoo changed under the path.
            var finding = Assert.Single(report.Processes);
            Assert.Equal(prog.Id, finding.ProcessId);
            var file = Assert.Single(finding.Files);
            Assert.Equal(RestartReasons.Replaced, file.Reasons);
            Assert.Equal(Path.Combine(v1lib, "libfoo.so"), file.Path);
        }
        finally
        {
            Tool.Run("umount", v1lib);
        }
    }

    [Fact]
    public async Task A_deleted_executable_is_flagged_as_the_executable()
    {
        Requires.Tool("gcc", "cp");
        using var d = new NativeDeployments();
        var control = d.Start(d.V1, "control");
        File.Delete(Path.Combine(d.V1, "bin", "control"));
        var report = await new RestartDetector().ScanAsync(new RestartScanRequest { ProcessIds = [control.Id] }, cancellationToken: Token);
        var file = Assert.Single(Assert.Single(report.Processes).Files);
        Assert.True(file.IsExecutable);
        Assert.Equal(RestartReasons.Deleted, file.Reasons);
        Assert.Equal(Path.Combine(d.V1, "bin", "control"), file.Path);
    }

    [Fact]
    public async Task Prediction_flags_processes_whose_files_differ_in_the_target_and_not_identical_copies()
    {
        Requires.Tool("gcc", "cp");
        using var d = new NativeDeployments();
        var prog = d.Start(d.V1, "prog");
        var control = d.Start(d.V1, "control");

        // libbar in v2 becomes a copy with the same bytes (another inode): not a change.
        var bar = Path.Combine(d.V2, "lib", "libbar.so");
        File.Copy(bar, bar + ".copy");
        File.Move(bar + ".copy", bar, overwrite: true);

        var request = new RestartPredictionRequest
        {
            Current = new DeploymentTree("v1", d.V1),
            CurrentRoot = d.V1,
            Target = new DeploymentTree("v2", d.V2),
            ProcessIds = [prog.Id, control.Id],
        };
        var report = await new RestartDetector().PredictAsync(request, cancellationToken: Token);
        var finding = Assert.Single(report.Processes);
        Assert.Equal(prog.Id, finding.ProcessId);
        var file = Assert.Single(finding.Files);
        Assert.Equal(RestartReasons.ChangedInTarget, file.Reasons);
        Assert.Equal(Path.Combine(d.V1, "lib", "libfoo.so"), file.Path);

        // A target without libbar at all: both programs need it.
        File.Delete(bar);
        var missing = await new RestartDetector().PredictAsync(request, cancellationToken: Token);
        Assert.Equal(2, missing.Processes.Count);
        Assert.All(missing.Processes, p => Assert.Contains(p.Files, f => f.Reasons == RestartReasons.MissingInTarget && f.Path.EndsWith("libbar.so", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Files_are_traced_to_their_repository_object()
    {
        Requires.Tool("gcc", "cp");
        using var d = new NativeDeployments();
        var objects = d.Combine("repo", "objects", "ab");
        Directory.CreateDirectory(objects);
        var hex = "ab" + new string('c', 62);
        var lib = Path.Combine(d.V1, "lib", "libfoo.so");
        Tool.Check("ln", lib, Path.Combine(objects, hex[2..] + ".file"));
        var prog = d.Start(d.V1, "prog");
        var report = await new RestartDetector().ScanAsync(
            new RestartScanRequest { Deployments = Trees(d), NextBootId = "v2", RepositoryPath = d.Combine("repo"), ProcessIds = [prog.Id] },
            cancellationToken: Token);
        var file = Assert.Single(Assert.Single(report.Processes).Files);
        Assert.Equal(OsTree.Objects.Checksum.Parse(hex), file.Object);
    }

    [Fact]
    public async Task Vanished_processes_are_skipped_and_counted()
    {
        var report = await new RestartDetector().ScanAsync(new RestartScanRequest { ProcessIds = [int.MaxValue] }, cancellationToken: Token);
        Assert.Empty(report.Processes);
        Assert.Equal(0, report.ProcessesScanned);
        Assert.Equal(1, report.ProcessesSkipped);
    }
}
