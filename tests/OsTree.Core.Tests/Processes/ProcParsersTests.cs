using OsTree.Processes;

namespace OsTree.Core.Tests.Processes;

public sealed class ProcParsersTests
{
    [Theory]
    [InlineData("0::/system.slice/ssh.service\n", "ssh.service", SystemdUnitScope.System, null)]
    [InlineData("0::/system.slice/docker.service/payload\n", "docker.service", SystemdUnitScope.System, null)]
    [InlineData("0::/user.slice/user-1000.slice/user@1000.service/app.slice/pipewire.service\n", "pipewire.service", SystemdUnitScope.User, 1000u)]
    [InlineData("0::/user.slice/user-1000.slice/user@1000.service/init.scope\n", "init.scope", SystemdUnitScope.User, 1000u)]
    [InlineData("0::/user.slice/user-1000.slice/session-3.scope\n", "session-3.scope", SystemdUnitScope.System, null)]
    [InlineData("12:pids:/\n1:name=systemd:/system.slice/cron.service\n", "cron.service", SystemdUnitScope.System, null)]
    public void Parses_the_unit_from_the_control_group(string cgroup, string unit, SystemdUnitScope scope, uint? uid)
        => Assert.Equal(new SystemdUnit(unit, scope, uid), ProcParsers.ParseUnit(cgroup));

    [Theory]
    [InlineData("0::/\n")]
    [InlineData("0::/init.scope.d\n")]
    [InlineData("")]
    public void No_unit_outside_systemd(string cgroup) => Assert.Null(ProcParsers.ParseUnit(cgroup));

    [Fact]
    public void Parses_maps_lines_with_spaces_and_the_deleted_mark()
    {
        Assert.True(ProcParsers.TryParseMapsLine("7f1c2a000000-7f1c2a022000 r-xp 00002000 fd:01 1311         /usr/lib/my lib.so (deleted)", out var e));
        Assert.Equal(0x7f1c2a000000UL, e.Start);
        Assert.Equal("7f1c2a000000-7f1c2a022000", e.RangeName);
        Assert.True(e.Executable);
        Assert.Equal((0xfdu, 1u, 1311UL), (e.Major, e.Minor, e.Inode));
        Assert.Equal("/usr/lib/my lib.so", e.Path);
        Assert.True(e.Deleted);

        Assert.False(ProcParsers.TryParseMapsLine("7ffd5e9f0000-7ffd5ea11000 rw-p 00000000 00:00 0                          [stack]", out _));
        Assert.False(ProcParsers.TryParseMapsLine("7f1c2a000000-7f1c2a022000 rw-p 00000000 00:00 0 ", out _));
        Assert.False(ProcParsers.TryParseMapsLine("garbage", out _));
    }

    [Fact]
    public void Parses_the_parent_after_a_command_with_parentheses()
    {
        Assert.True(ProcParsers.TryParseParent("1234 (a) b (c)) S 42 1234 1234 0 -1", out var parent));
        Assert.Equal(42, parent);
    }
}
