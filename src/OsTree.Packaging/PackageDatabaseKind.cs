namespace OsTree.Packaging;

/// <summary>The on-disk form of a package database.</summary>
public enum PackageDatabaseKind
{
    /// <summary>dpkg's <c>status</c> file, with its <c>updates/</c> journal.</summary>
    DpkgStatus,

    /// <summary>The distroless form of dpkg's database: <c>status.d/</c> with one stanza per file and no <c>status</c>.</summary>
    DpkgStatusDirectory,

    /// <summary>rpm's SQLite database <c>rpmdb.sqlite</c> (rpm 4.16 and later).</summary>
    RpmSqlite,

    /// <summary>rpm's Berkeley DB hash file <c>Packages</c> (rpm 4.15 and earlier).</summary>
    RpmBerkeleyDb,
}
