using OsTree.TestSupport;

namespace OsTree.Core.Tests.Repositories;

/// <summary>The interop tree of ostree-format.md §10 (setuid, symlinks, empty file, 0700 dir, xattrs set out of order).</summary>
internal static class OstreeTree
{
    public const long Timestamp = 1577836800;

    public static string Make(TempDirectory temp, string name = "t")
    {
        var t = temp.Combine(name);
        Tool.Shell($"""
            mkdir -p {t}/usr/bin {t}/d && printf 'hello\n' >{t}/hello.txt && printf '#!/bin/sh\n' >{t}/usr/bin/tool && chmod 4755 {t}/usr/bin/tool
            ln -s hello.txt {t}/link && ln -s /nonexistent {t}/usr/abs && : >{t}/empty && chmod 700 {t}/d && printf x >{t}/x
            setfattr -n user.b -v 2 {t}/x && setfattr -n user.a -v 1 {t}/x
            """).EnsureSuccess("make the §10 tree");
        return t;
    }

    /// <summary>A larger tree: a 5 MiB file (streamed path), hard links, nested empty directories, unicode and odd names.</summary>
    public static string MakeLarge(TempDirectory temp, string name = "big")
    {
        var t = temp.Combine(name);
        Tool.Shell($"""
            mkdir -p {t}/a/b/c {t}/empty/dir {t}/ünï {t}/z
            head -c 5242881 /dev/urandom >{t}/a/large.bin
            head -c 100000 /dev/urandom | base64 >{t}/a/text.txt
            ln {t}/a/text.txt {t}/z/hardlink.txt
            printf 'same\n' >{t}/a/b/c/one && printf 'same\n' >{t}/a/b/c/two
            printf 'x' >{t}/ünï/fïle && printf 'y' >'{t}/z/with space' && printf 'z' >{t}/z/.hidden
            ln -s ../a/large.bin {t}/z/rel && ln -s a {t}/toplink
            chmod 2755 {t}/z && chmod 600 {t}/a/b/c/one && chmod 1777 {t}/empty
            """).EnsureSuccess("make the large tree");
        return t;
    }
}
