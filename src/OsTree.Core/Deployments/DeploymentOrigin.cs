namespace OsTree.Deployments;

/// <summary>
/// A deployment's origin file (<c>ostree/deploy/$os/deploy/$csum.$serial.origin</c>): a GLib key file that says where
/// the deployment came from (<c>[origin] refspec=</c>) and carries transient state such as
/// <c>[libostree-transient] pinned=true</c>. Unknown groups and keys are kept when the file is rewritten.
/// </summary>
public sealed class DeploymentOrigin
{
    /// <summary>The group of the origin keys.</summary>
    public const string OriginGroup = "origin";

    /// <summary>The group libostree uses for state that does not travel with the deployment (pinning).</summary>
    public const string TransientGroup = "libostree-transient";

    private readonly KeyFile _keyFile;

    private DeploymentOrigin(KeyFile keyFile) => _keyFile = keyFile;

    /// <summary>The <c>[origin] refspec</c> value: the ref (optionally <c>remote:ref</c>) the deployment follows.</summary>
    public string? Refspec => _keyFile.GetString(OriginGroup, "refspec");

    /// <summary>The <c>[origin] override-commit</c> value, when the deployment is pinned to a commit of its ref.</summary>
    public string? OverrideCommit => _keyFile.GetString(OriginGroup, "override-commit");

    /// <summary>The <c>[origin] unlocked</c> value (<c>hotfix</c> for a persistent unlock).</summary>
    public string? Unlocked => _keyFile.GetString(OriginGroup, "unlocked");

    /// <summary>Whether <c>[libostree-transient] pinned</c> is true: retention never removes a pinned deployment.</summary>
    public bool IsPinned => _keyFile.GetBoolean(TransientGroup, "pinned") ?? false;

    /// <summary>A new origin that follows <paramref name="refspec"/>, as <c>ostree_sysroot_origin_new_from_refspec</c>.</summary>
    /// <param name="refspec">A ref, or <c>remote:ref</c>.</param>
    /// <returns>The origin.</returns>
    public static DeploymentOrigin FromRefspec(string refspec)
    {
        ArgumentException.ThrowIfNullOrEmpty(refspec);
        var origin = new DeploymentOrigin(KeyFile.Parse(string.Empty));
        origin._keyFile.SetString(OriginGroup, "refspec", refspec);
        return origin;
    }

    /// <summary>Parses the text of an origin file.</summary>
    /// <param name="text">The key-file text.</param>
    /// <returns>The origin.</returns>
    /// <exception cref="InvalidDataException">The text is not a key file.</exception>
    public static DeploymentOrigin Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new DeploymentOrigin(KeyFile.Parse(text));
    }

    /// <summary>Reads any string value.</summary>
    /// <param name="group">The group.</param>
    /// <param name="key">The key.</param>
    /// <returns>The value, or <see langword="null"/> when absent.</returns>
    public string? GetString(string group, string key) => _keyFile.GetString(group, key);

    /// <summary>A copy with one value set (added after the group's last key, or in a new group at the end).</summary>
    /// <param name="group">The group.</param>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    /// <returns>The changed copy.</returns>
    public DeploymentOrigin WithString(string group, string key, string value)
    {
        var copy = Parse(ToString());
        copy._keyFile.SetString(group, key, value);
        return copy;
    }

    /// <summary>A copy without a key (its group stays, as libostree leaves it).</summary>
    /// <param name="group">The group.</param>
    /// <param name="key">The key.</param>
    /// <returns>The changed copy.</returns>
    public DeploymentOrigin WithoutKey(string group, string key)
    {
        var copy = Parse(ToString());
        copy._keyFile.RemoveKey(group, key);
        return copy;
    }

    /// <summary>A copy pinned or unpinned, written exactly as <c>ostree admin pin</c> writes it.</summary>
    /// <param name="pinned">The new state.</param>
    /// <returns>The changed copy.</returns>
    public DeploymentOrigin WithPinned(bool pinned)
        => pinned ? WithString(TransientGroup, "pinned", "true") : WithoutKey(TransientGroup, "pinned");

    /// <summary>The key-file text, as written to disk.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => _keyFile.ToString();
}
