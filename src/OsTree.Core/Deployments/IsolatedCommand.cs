using System.Diagnostics;

namespace OsTree.Deployments;

/// <summary>
/// Runs a command chrooted into a working tree with the system's own tools, in private mount and PID namespaces:
/// <c>setpriv --pdeathsig KILL unshare --mount --propagation private --pid --fork --kill-child sh -c …</c>, where the
/// shell mounts a fresh <c>/proc</c>, binds <c>/sys</c>, <c>/dev</c>, the host's <c>/etc/resolv.conf</c> and the
/// caller's binds, puts tmpfs on <c>/run</c>, <c>/tmp</c>, <c>/var/tmp</c> and the package managers' download caches
/// (<c>/var/cache/apt</c>, <c>/var/cache/dnf</c>), then runs <c>chroot TREE COMMAND…</c>.
/// </summary>
/// <remarks>
/// Nothing reaches the host's mount table: every mount lives in the private namespace, which the kernel tears down
/// with its last process. The PID namespace makes that happen for every process the command started, and the
/// parent-death signal makes it happen when this process is killed: then <c>unshare</c> gets SIGKILL, kills its
/// child (PID 1 of the namespace) and with it the whole namespace.
/// </remarks>
internal static class IsolatedCommand
{
    internal static readonly string[] RequiredTools = ["setpriv", "unshare", "chroot", "mount", "sh"];

    private const string Script = """
        set -e
        root=$1; binds=$2; shift 2
        mount -t proc -o nosuid,nodev,noexec proc "$root/proc"
        mount --rbind /sys "$root/sys"
        mount --rbind /dev "$root/dev"
        for d in run tmp var/tmp var/cache/apt var/cache/dnf; do
          if [ -d "$root/$d" ] && [ ! -L "$root/$d" ]; then
            case $d in *tmp) mode=1777 ;; *) mode=0755 ;; esac
            mount -t tmpfs -o "mode=$mode,nosuid,nodev" tmpfs "$root/$d"
          fi
        done
        if [ -f /etc/resolv.conf ] && [ -f "$root/etc/resolv.conf" ] && [ ! -L "$root/etc/resolv.conf" ]; then
          mount --bind /etc/resolv.conf "$root/etc/resolv.conf"
          mount -o remount,bind,ro "$root/etc/resolv.conf"
        fi
        while [ "$binds" -gt 0 ]; do
          mount --bind "$1" "$root$2"
          mount -o remount,bind,ro "$root$2"
          shift 2; binds=$((binds - 1))
        done
        set +e
        chroot "$root" "$@" 1>&2
        """;

    /// <summary>Runs the command and returns its exit status (128 + N when a signal N ended it).</summary>
    internal static int Run(string root, IReadOnlyList<TransactionBind> binds, IReadOnlyList<string> command, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("setpriv") { UseShellExecute = false };
        foreach (var arg in (string[])["--pdeathsig", "KILL", "--", "unshare", "--mount", "--propagation", "private", "--pid", "--fork", "--kill-child", "--", "/bin/sh", "-c", Script, "sh", root, binds.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var bind in binds)
        {
            start.ArgumentList.Add(bind.Source);
            start.ArgumentList.Add(bind.Target);
        }

        foreach (var arg in command)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
        start.Environment["HOME"] = "/root";

        // The parent-death signal fires when the *thread* that forked exits, so fork from a thread that lives exactly
        // as long as the command (a pool thread may retire while the command still runs).
        var exitCode = -1;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                using var process = Process.Start(start) ?? throw new DeploymentException("setpriv did not start.");
                using var registration = cancellationToken.Register(() =>
                {
                    try
                    {
                        process.Kill();
                    }
                    catch (InvalidOperationException)
                    {
                        // Already gone.
                    }
                });
                process.WaitForExit();
                exitCode = process.ExitCode;
            }
            catch (Exception e) when (e is System.ComponentModel.Win32Exception or DeploymentException)
            {
                failure = e;
            }
        })
        {
            IsBackground = true,
            Name = "transaction command",
        };
        thread.Start();
        thread.Join();
        if (failure is not null)
        {
            throw new DeploymentException($"Cannot run the transaction command with setpriv/unshare/chroot: {failure.Message}", failure);
        }

        cancellationToken.ThrowIfCancellationRequested();
        return exitCode;
    }
}
