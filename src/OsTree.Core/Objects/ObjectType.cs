namespace OsTree.Objects;

/// <summary>The kinds of object in a libostree repository, numbered as libostree numbers them.</summary>
public enum ObjectType
{
    /// <summary>A content object: a file header plus, for regular files, its data (<c>.file</c>, or <c>.filez</c> in archive mode).</summary>
    File = 1,

    /// <summary>A directory listing, <c>(a(say)a(sayay))</c> (<c>.dirtree</c>).</summary>
    DirTree = 2,

    /// <summary>A directory's owner, mode and xattrs, <c>(uuua(ayay))</c> (<c>.dirmeta</c>).</summary>
    DirMeta = 3,

    /// <summary>A commit, <c>(a{sv}aya(say)sstayay)</c> (<c>.commit</c>).</summary>
    Commit = 4,

    /// <summary>The marker left for a deleted commit (<c>.tombstone-commit</c>).</summary>
    TombstoneCommit = 5,

    /// <summary>Detached, mutable metadata of a commit, <c>a{sv}</c> (<c>.commitmeta</c>).</summary>
    CommitMeta = 6,

    /// <summary>A link from a payload checksum to a content object, on reflink filesystems (<c>.payload-link</c>).</summary>
    PayloadLink = 7,
}
