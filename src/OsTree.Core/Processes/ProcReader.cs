using System.Globalization;
using System.Runtime.InteropServices;
using OsTree.Internal.Interop;
using OsTree.Usage;

namespace OsTree.Processes;

/// <summary>
/// Reads what the restart detector needs from <c>/proc</c>: maps, the executable link, the control group, the
/// parent and the user. It only reads; it never opens a mapped file for anything but <c>statx</c>.
/// </summary>
internal static class ProcReader
{
    /// <summary>Lists the numeric entries of <paramref name="proc"/>: the process ids.</summary>
    public static List<int> ListProcesses(string proc)
    {
        var ids = new List<int>();
        foreach (var entry in Directory.EnumerateDirectories(proc))
        {
            if (int.TryParse(Path.GetFileName(entry.AsSpan()), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                ids.Add(pid);
            }
        }

        ids.Sort();
        return ids;
    }

    /// <summary>Reads one process; <see langword="null"/> for a kernel thread.</summary>
    /// <exception cref="IOException">The process vanished.</exception>
    /// <exception cref="UnauthorizedAccessException">Its files cannot be read.</exception>
    public static ProcessSnapshot? Read(string proc, int pid, bool executableOnly)
    {
        var dir = $"{proc}/{pid.ToString(CultureInfo.InvariantCulture)}";
        var maps = File.ReadAllText(dir + "/maps");
        string? exeTarget = null;
        try
        {
            exeTarget = new FileInfo(dir + "/exe").LinkTarget;
        }
        catch (IOException)
        {
            // Kernel threads have no executable; a zombie has none any more.
        }

        if (exeTarget is null && maps.Length == 0)
        {
            return null;
        }

        var status = File.ReadAllText(dir + "/status");
        var stat = File.ReadAllText(dir + "/stat");
        var cgroup = File.ReadAllText(dir + "/cgroup");
        var command = ReadStatusField(status, "Name:") ?? string.Empty;
        var uidText = ReadStatusField(status, "Uid:");
        var uid = uidText is not null && uint.TryParse(uidText.AsSpan(0, IndexOfSpace(uidText)), NumberStyles.None, CultureInfo.InvariantCulture, out var u) ? u : 0;
        ProcParsers.TryParseParent(stat, out var parent);

        var mappings = new List<ProcessMapping>();
        var seen = new HashSet<(uint, uint, ulong)>();
        string? executable = null;
        if (exeTarget is not null)
        {
            executable = ProcParsers.StripDeleted(exeTarget, out var exeDeleted);
            if (TryStatx(dir + "/exe", follow: true, out var exeKey))
            {
                mappings.Add(new ProcessMapping(executable, exeKey, DeviceTrusted: true, exeDeleted, IsExecutable: true, RangeName: null));
            }
        }

        foreach (var line in maps.AsSpan().EnumerateLines())
        {
            if (!ProcParsers.TryParseMapsLine(line, out var entry)
                || (executableOnly && !entry.Executable)
                || !ProcParsers.IsImageFile(entry.Path)
                || !seen.Add((entry.Major, entry.Minor, entry.Inode)))
            {
                continue;
            }

            // map_files gives the file's own stat (the right device on BTRFS and overlayfs); it needs
            // CAP_SYS_ADMIN or CAP_CHECKPOINT_RESTORE, so fall back to what maps prints.
            var range = entry.RangeName;
            var trusted = TryStatx($"{dir}/map_files/{range}", follow: true, out var key);
            if (!trusted || key.Inode != entry.Inode)
            {
                key = new InodeKey(InodeKey.MakeDevice(entry.Major, entry.Minor), entry.Inode);
                trusted = false;
            }

            if (mappings.Count > 0 && mappings[0].IsExecutable && mappings[0].Key.Inode == key.Inode && mappings[0].Path == entry.Path)
            {
                continue; // the executable's own text mapping
            }

            mappings.Add(new ProcessMapping(entry.Path, key, trusted, entry.Deleted, IsExecutable: false, range));
        }

        return new ProcessSnapshot(pid, parent, uid, command, executable, ProcParsers.ParseUnit(cgroup), mappings);
    }

    /// <summary><c>statx</c> of a path, following or not its final symbolic link.</summary>
    public static bool TryStatx(string path, bool follow, out InodeKey key)
    {
        if (Interop.Statx(Interop.AtFdCwd, path, follow ? 0 : Interop.AtSymlinkNoFollow, Interop.StatxBasicStats, out var st) == 0)
        {
            key = new InodeKey(st.Device, st.Inode);
            return true;
        }

        _ = Marshal.GetLastPInvokeError();
        key = default;
        return false;
    }

    private static string? ReadStatusField(string status, string name)
    {
        foreach (var line in status.AsSpan().EnumerateLines())
        {
            if (line.StartsWith(name, StringComparison.Ordinal))
            {
                return line[name.Length..].Trim().ToString();
            }
        }

        return null;
    }

    private static int IndexOfSpace(string text)
    {
        var i = text.AsSpan().IndexOfAny(' ', '\t');
        return i < 0 ? text.Length : i;
    }
}
