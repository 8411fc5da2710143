using OsTree.Repositories;

namespace OsTree.Deployments;

public sealed partial class Sysroot
{
    /// <summary>
    /// Prepares a directory as a sysroot, as <c>ostree admin init-fs</c>: <c>boot dev home proc run sys</c> (0755),
    /// <c>root</c> (0700), <c>tmp</c> (1777), an empty <c>bare</c> repository in <c>ostree/repo</c> and
    /// <c>ostree/deploy</c>. Existing directories are kept.
    /// </summary>
    /// <param name="path">An existing directory.</param>
    /// <param name="modern">Create only <c>boot</c> and <c>ostree</c> (<c>--modern</c>).</param>
    /// <param name="options">Options for the returned sysroot.</param>
    /// <returns>The sysroot, loaded.</returns>
    /// <exception cref="DirectoryNotFoundException"><paramref name="path"/> is not a directory.</exception>
    public static Sysroot InitializeFileSystem(string path, bool modern = false, SysrootOptions? options = null)
    {
        var sysroot = Open(path, options);
        PosixFileSystem.CreateDirectory(sysroot.Combine("boot"), 0x1ED);
        if (!modern)
        {
            foreach (var name in new[] { "dev", "home", "proc", "run", "sys" })
            {
                PosixFileSystem.CreateDirectory(sysroot.Combine(name), 0x1ED);
            }

            PosixFileSystem.CreateDirectory(sysroot.Combine("root"), 0x1C0 /* 0700 */);
            PosixFileSystem.CreateDirectory(sysroot.Combine("tmp"), 0x3FF /* 01777 */);
            PosixFileSystem.Chmod(sysroot.Combine("tmp"), 0x3FF);
        }

        PosixFileSystem.CreateDirectory(sysroot.Combine("ostree/deploy"), 0x1ED);
        var repo = sysroot.Combine("ostree/repo");
        if (!File.Exists(repo + "/config"))
        {
            PosixFileSystem.CreateDirectory(repo, 0x1ED);
            Repository.Create(repo, RepositoryMode.Bare);
        }

        PosixFileSystem.FsyncDirectory(sysroot.Combine("ostree"));
        sysroot.Load();
        return sysroot;
    }
}
