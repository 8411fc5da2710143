using OsTree.Repositories;

namespace OsTree.Transport;

/// <summary>
/// A remote as libostree records it in a repository's <c>config</c>: a <c>[remote "NAME"]</c> group with
/// <c>url</c>, optional <c>branches</c> (pulled when no ref is named) and <c>gpg-verify</c>.
/// </summary>
public sealed class RemoteDefinition
{
    /// <summary>Creates a remote definition.</summary>
    /// <param name="name">The remote's name: letters, digits, <c>-</c>, <c>.</c> and <c>_</c>, not starting with <c>-</c> or <c>.</c>.</param>
    /// <param name="url">The published repository's address: <c>http://</c>, <c>https://</c> or <c>file://</c>.</param>
    /// <param name="branches">Refs to pull when none is named; empty for none.</param>
    /// <param name="gpgVerify">Whether commits must carry a valid GPG signature. This library does not verify
    /// signatures yet, so it refuses to pull from a remote where this is true.</param>
    /// <exception cref="ArgumentException">The name, the address or a branch is invalid.</exception>
    public RemoteDefinition(string name, string url, IEnumerable<string>? branches = null, bool gpgVerify = false)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(url);
        if (!RefName.IsValidRemoteName(name))
        {
            throw new ArgumentException($"'{name}' is not a valid remote name.", nameof(name));
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https" or "file"))
        {
            throw new ArgumentException($"'{url}' is not an http, https or file address.", nameof(url));
        }

        var list = branches?.ToArray() ?? [];
        foreach (var branch in list)
        {
            if (!RefName.IsValid(branch))
            {
                throw new ArgumentException($"'{branch}' is not a valid ref name.", nameof(branches));
            }
        }

        Name = name;
        Url = url;
        Branches = list;
        GpgVerify = gpgVerify;
    }

    /// <summary>The remote's name, as in <c>refs/remotes/NAME/…</c>.</summary>
    public string Name { get; }

    /// <summary>The published repository's address.</summary>
    public string Url { get; }

    /// <summary>The refs pulled when none is named.</summary>
    public IReadOnlyList<string> Branches { get; }

    /// <summary>Whether the remote requires GPG-signed commits (<c>gpg-verify</c>, true when absent, as in libostree).</summary>
    public bool GpgVerify { get; }

    /// <summary>The config group that holds the remote: <c>remote "NAME"</c>.</summary>
    /// <param name="name">The remote's name.</param>
    /// <returns>The group name.</returns>
    internal static string GroupName(string name) => $"remote \"{name}\"";

    /// <summary>Reads the remote named <paramref name="name"/> from a config, or <see langword="null"/>.</summary>
    internal static RemoteDefinition? Read(KeyFile config, string name)
    {
        var group = GroupName(name);
        if (!config.HasGroup(group))
        {
            return null;
        }

        var url = config.GetString(group, "url")
            ?? throw new RepositoryConfigException($"The remote '{name}' has no url.");
        var branches = config.TryGetRawValue(group, "branches", out var raw)
            ? raw.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : [];
        try
        {
            return new RemoteDefinition(name, url, branches, ReadBoolean(config, group, "gpg-verify", true));
        }
        catch (ArgumentException e)
        {
            throw new RepositoryConfigException($"The remote '{name}' is invalid: {e.Message}", e);
        }
    }

    /// <summary>Writes this remote's group into a config, replacing any group of the same name.</summary>
    internal void WriteTo(KeyFile config)
    {
        var group = GroupName(Name);
        config.RemoveGroup(group);
        config.SetString(group, "url", Url);
        if (Branches.Count > 0)
        {
            config.SetRawValue(group, "branches", string.Join(';', Branches) + ";");
        }

        // libostree writes gpg-verify only to turn it off (`remote add --no-gpg-verify`); true is the default.
        if (!GpgVerify)
        {
            config.SetRawValue(group, "gpg-verify", "false");
        }
    }

    private static bool ReadBoolean(KeyFile config, string group, string key, bool defaultValue)
    {
        try
        {
            return config.GetBoolean(group, key, defaultValue);
        }
        catch (InvalidDataException e)
        {
            throw new RepositoryConfigException($"The remote's {key} is invalid: {e.Message}", e);
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Name} {Url}";
}
