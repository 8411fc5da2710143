using System.Globalization;

namespace OsTree.Processes;

/// <summary>Parsers for the <c>/proc/PID</c> files the restart detector reads. Pure functions over text.</summary>
internal static class ProcParsers
{
    private const string DeletedMark = " (deleted)";

    /// <summary>
    /// Parses one line of <c>/proc/PID/maps</c>: <c>start-end perms offset major:minor inode   path</c>. Anonymous
    /// mappings (inode 0) and pseudo-paths (<c>[heap]</c>, <c>[vdso]</c>) give <see langword="false"/>.
    /// </summary>
    public static bool TryParseMapsLine(ReadOnlySpan<char> line, out MapsEntry entry)
    {
        entry = default;
        if (!NextField(ref line, out var range) || !NextField(ref line, out var perms) || !NextField(ref line, out _)
            || !NextField(ref line, out var device) || !NextField(ref line, out var inodeText))
        {
            return false;
        }

        var path = line.TrimStart(' ');
        var dash = range.IndexOf('-');
        var colon = device.IndexOf(':');
        if (dash < 0 || colon < 0 || perms.Length < 3 || path.IsEmpty || path[0] != '/'
            || !ulong.TryParse(range[..dash], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var start)
            || !ulong.TryParse(range[(dash + 1)..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var end)
            || !uint.TryParse(device[..colon], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var major)
            || !uint.TryParse(device[(colon + 1)..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var minor)
            || !ulong.TryParse(inodeText, NumberStyles.None, CultureInfo.InvariantCulture, out var inode)
            || inode == 0)
        {
            return false;
        }

        var deleted = path.EndsWith(DeletedMark, StringComparison.Ordinal);
        if (deleted)
        {
            path = path[..^DeletedMark.Length];
        }

        entry = new MapsEntry(start, end, perms[2] == 'x', major, minor, inode, path.ToString(), deleted);
        return true;
    }

    /// <summary>
    /// Whether a mapped path is something a package or an image ships, rather than shared memory, a device or a
    /// kernel object (memfd, SysV shm, DRM buffers, the AIO ring).
    /// </summary>
    public static bool IsImageFile(string path)
        => !(path.StartsWith("/memfd:", StringComparison.Ordinal)
            || path.StartsWith("/dev/", StringComparison.Ordinal)
            || path.StartsWith("/SYSV", StringComparison.Ordinal)
            || path.StartsWith("/[", StringComparison.Ordinal)
            || path.StartsWith("/proc/", StringComparison.Ordinal)
            || path.StartsWith("/sys/", StringComparison.Ordinal)
            || path.StartsWith("/run/", StringComparison.Ordinal));

    /// <summary>Strips the kernel's <c> (deleted)</c> mark from a link target.</summary>
    public static string StripDeleted(string path, out bool deleted)
    {
        deleted = path.EndsWith(DeletedMark, StringComparison.Ordinal);
        return deleted ? path[..^DeletedMark.Length] : path;
    }

    /// <summary>
    /// The systemd unit of a process from <c>/proc/PID/cgroup</c>: the unified hierarchy's line (<c>0::/path</c>),
    /// else cgroup v1's <c>name=systemd</c> line; the innermost <c>.service</c> component, else the innermost
    /// <c>.scope</c>; a user unit when it sits below <c>user@UID.service</c>.
    /// </summary>
    public static SystemdUnit? ParseUnit(string cgroupText)
    {
        string? cgroupPath = null;
        foreach (var raw in cgroupText.AsSpan().EnumerateLines())
        {
            var line = raw;
            if (line.StartsWith("0::", StringComparison.Ordinal))
            {
                cgroupPath = line[3..].ToString();
                break;
            }

            var nameSystemd = line.IndexOf(":name=systemd:", StringComparison.Ordinal);
            if (nameSystemd >= 0)
            {
                cgroupPath ??= line[(nameSystemd + ":name=systemd:".Length)..].ToString();
            }
        }

        if (string.IsNullOrEmpty(cgroupPath))
        {
            return null;
        }

        var parts = cgroupPath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var userManager = -1;
        uint? userId = null;
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            if (part.StartsWith("user@", StringComparison.Ordinal) && part.EndsWith(".service", StringComparison.Ordinal)
                && uint.TryParse(part.AsSpan(5, part.Length - 5 - ".service".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var uid))
            {
                userManager = i;
                userId = uid;
            }
        }

        var unit = Innermost(parts, userManager + 1, ".service") ?? Innermost(parts, userManager + 1, ".scope");
        if (unit is not null)
        {
            return userManager >= 0 ? new SystemdUnit(unit, SystemdUnitScope.User, userId) : new SystemdUnit(unit, SystemdUnitScope.System, null);
        }

        // The user manager's own processes (systemd --user itself) sit directly in user@UID.service.
        return userManager >= 0 ? new SystemdUnit(parts[userManager], SystemdUnitScope.System, null) : null;
    }

    /// <summary>The parent process id: the fourth field of <c>/proc/PID/stat</c>, after the parenthesised command.</summary>
    public static bool TryParseParent(ReadOnlySpan<char> stat, out int parent)
    {
        parent = 0;
        var close = stat.LastIndexOf(')');
        if (close < 0)
        {
            return false;
        }

        var rest = stat[(close + 1)..];
        return NextField(ref rest, out _) && NextField(ref rest, out var ppid)
            && int.TryParse(ppid, NumberStyles.None, CultureInfo.InvariantCulture, out parent);
    }

    private static string? Innermost(string[] parts, int from, string suffix)
    {
        for (var i = parts.Length - 1; i >= from; i--)
        {
            if (parts[i].EndsWith(suffix, StringComparison.Ordinal) && parts[i].Length > suffix.Length)
            {
                return parts[i];
            }
        }

        return null;
    }

    private static bool NextField(ref ReadOnlySpan<char> text, out ReadOnlySpan<char> field)
    {
        text = text.TrimStart(' ');
        var end = text.IndexOf(' ');
        if (end <= 0)
        {
            field = text;
            text = default;
            return !field.IsEmpty;
        }

        field = text[..end];
        text = text[(end + 1)..];
        return true;
    }
}
