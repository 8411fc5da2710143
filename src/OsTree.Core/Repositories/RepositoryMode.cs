namespace OsTree.Repositories;

/// <summary>How a repository stores content objects; the names are those of libostree's <c>core.mode</c>.</summary>
public enum RepositoryMode
{
    /// <summary><c>bare</c>: each file is stored as itself, with its real owner, mode and xattrs. Needs root to write.</summary>
    Bare,

    /// <summary><c>bare-user</c>: files stored as the current user, true owner, mode and xattrs in the <c>user.ostreemeta</c> xattr.</summary>
    BareUser,

    /// <summary><c>bare-user-only</c>: files stored as the current user; owners and xattrs are not kept.</summary>
    BareUserOnly,

    /// <summary><c>archive</c> (<c>archive-z2</c> in the config): each content object is a header plus raw deflate data, for serving over HTTP.</summary>
    Archive,
}
