namespace OsTree.Repositories;

/// <summary>
/// Validation of ref and remote names as libostree's <c>ostree_validate_rev</c> and
/// <c>ostree_validate_remote_name</c>: slash-separated components of ASCII letters, digits, <c>-</c>, <c>.</c> and
/// <c>_</c>. Components <c>.</c> and <c>..</c> are refused too, so a ref can never name a path outside <c>refs/</c>.
/// </summary>
public static class RefName
{
    /// <summary>Whether <paramref name="name"/> is a valid ref name such as <c>os/x86_64/stable</c>.</summary>
    /// <param name="name">The name.</param>
    /// <returns><see langword="true"/> if valid.</returns>
    public static bool IsValid(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty || name.Length > 4096)
        {
            return false;
        }

        foreach (var range in name.Split('/'))
        {
            if (!IsValidComponent(name[range]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether <paramref name="name"/> is a valid remote name (one component, starting with a letter, digit or <c>_</c>).</summary>
    /// <param name="name">The name.</param>
    /// <returns><see langword="true"/> if valid.</returns>
    public static bool IsValidRemoteName(ReadOnlySpan<char> name)
        => IsValidComponent(name) && (char.IsAsciiLetterOrDigit(name[0]) || name[0] == '_');

    /// <summary>Splits a refspec <c>remote:ref</c> (or a plain <c>ref</c>) and validates both parts.</summary>
    /// <param name="refspec">The refspec.</param>
    /// <param name="remote">The remote, or <see langword="null"/> for a local ref.</param>
    /// <param name="name">The ref.</param>
    /// <returns><see langword="true"/> if both parts are valid.</returns>
    public static bool TryParseRefspec(string refspec, out string? remote, out string name)
    {
        ArgumentNullException.ThrowIfNull(refspec);
        var colon = refspec.IndexOf(':', StringComparison.Ordinal);
        remote = colon < 0 ? null : refspec[..colon];
        name = colon < 0 ? refspec : refspec[(colon + 1)..];
        return IsValid(name) && (remote is null || IsValidRemoteName(remote));
    }

    private static bool IsValidComponent(ReadOnlySpan<char> part)
    {
        if (part.IsEmpty || part is "." or "..")
        {
            return false;
        }

        foreach (var c in part)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '.' or '_'))
            {
                return false;
            }
        }

        return true;
    }
}
