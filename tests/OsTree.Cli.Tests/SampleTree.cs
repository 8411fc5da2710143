using OsTree.TestSupport;

namespace OsTree.Cli.Tests;

/// <summary>The tree of recipe R1 in shared/reference/ostree-format.md §10: setuid, symlinks, empty file, 0700 dir, xattrs.</summary>
internal static class SampleTree
{
    public static string Create(TempDirectory work)
    {
        var t = work.Combine("t");
        Tool.Shell("""
            mkdir -p t/usr/bin t/d && printf 'hello\n' >t/hello.txt && printf '#!/bin/sh\n' >t/usr/bin/tool && chmod 4755 t/usr/bin/tool
            ln -s hello.txt t/link && ln -s /nonexistent t/usr/abs && : >t/empty && chmod 700 t/d && printf x >t/x
            setfattr -n user.b -v 2 t/x && setfattr -n user.a -v 1 t/x
            """, work.Path).EnsureSuccess("building the sample tree");
        return t;
    }
}
