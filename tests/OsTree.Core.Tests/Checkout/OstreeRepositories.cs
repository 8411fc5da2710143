using OsTree.Repositories;
using OsTree.TestSupport;

namespace OsTree.Core.Tests.Checkout;

/// <summary>
/// Repositories in all four modes made by the real <c>ostree commit</c> from the §10 tree (setuid file, symbolic
/// links, an empty file, a 0700 directory, xattrs, a file owned by 1234:5678), plus a second layer for the union
/// modes and a layer of whiteouts. Made once per test class.
/// </summary>
public sealed class OstreeRepositories : IDisposable
{
    public static readonly RepositoryMode[] Modes = [RepositoryMode.Bare, RepositoryMode.BareUser, RepositoryMode.BareUserOnly, RepositoryMode.Archive];

    private readonly TempDirectory _temp = new("checkout-oracle");

    public OstreeRepositories()
    {
        Available = Requires.IsRoot && Tool.Exists("ostree") && Tool.Exists("getfattr") && Tool.Exists("setfattr");
        if (!Available)
        {
            return;
        }

        Tool.Shell("""
            mkdir -p t/usr/bin t/d t/usr/share/doc && printf 'hello\n' >t/hello.txt && printf '#!/bin/sh\n' >t/usr/bin/tool && chmod 4755 t/usr/bin/tool
            ln -s hello.txt t/link && ln -s /nonexistent t/usr/abs && : >t/empty && chmod 700 t/d && printf x >t/x
            setfattr -n user.b -v 2 t/x && setfattr -n user.a -v 1 t/x && chown 1234:5678 t/x && printf 'in d\n' >t/d/inner
            printf 'doc\n' >t/usr/share/doc/README && chmod 2775 t/usr/share/doc && chmod 0640 t/usr/share/doc/README
            mkdir -p layer/usr/bin layer/d layer/new && printf 'hello again\n' >layer/hello.txt && printf '#!/bin/sh\n' >layer/usr/bin/tool
            chmod 4755 layer/usr/bin/tool && printf x >layer/x && printf 'new\n' >layer/new/file && ln -s /elsewhere layer/link && chmod 700 layer/d
            mkdir -p wh/usr && : >wh/.wh.x && : >wh/.wh.d && : >wh/usr/.wh.abs && printf 'kept\n' >wh/kept
            """, _temp.Path).EnsureSuccess("building the trees");
        foreach (var mode in Modes)
        {
            var repo = RepositoryPath(mode);
            Tool.Check("ostree", "init", $"--repo={repo}", $"--mode={ModeName(mode)}");
            foreach (var (branch, tree) in new[] { ("base", "t"), ("layer", "layer"), ("wh", "wh") })
            {
                Tool.Check("ostree", "commit", $"--repo={repo}", "-b", branch, "--no-bindings", "-s", branch, "--timestamp=@1577836800", _temp.Combine(tree));
            }
        }
    }

    public bool Available { get; }

    public string Root => _temp.Path;

    public string RepositoryPath(RepositoryMode mode) => _temp.Combine("repo-" + ModeName(mode));

    public static string ModeName(RepositoryMode mode) => mode switch
    {
        RepositoryMode.Bare => "bare",
        RepositoryMode.BareUser => "bare-user",
        RepositoryMode.BareUserOnly => "bare-user-only",
        _ => "archive",
    };

    public string Commit(RepositoryMode mode, string branch)
        => Tool.Check("ostree", "rev-parse", $"--repo={RepositoryPath(mode)}", branch).Trim();

    public void Dispose() => _temp.Dispose();
}
