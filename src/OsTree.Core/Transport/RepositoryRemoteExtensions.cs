using System.Diagnostics.CodeAnalysis;
using OsTree.Repositories;

namespace OsTree.Transport;

/// <summary>
/// Remotes of a repository, kept as libostree keeps them in its <c>config</c> (<c>ostree remote add/list/delete</c>),
/// so that either tool sees the other's remotes.
/// </summary>
public static class RepositoryRemoteExtensions
{
    /// <summary>Adds a remote (<c>ostree remote add</c>).</summary>
    /// <param name="repository">The repository.</param>
    /// <param name="remote">The remote to add.</param>
    /// <param name="ifNotExists">Do nothing, instead of failing, when a remote of that name exists.</param>
    /// <returns><see langword="true"/> if the remote was added.</returns>
    /// <exception cref="RepositoryConfigException">A remote of that name exists and <paramref name="ifNotExists"/> is false.</exception>
    public static bool AddRemote(this Repository repository, RemoteDefinition remote, bool ifNotExists = false)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(remote);
        var config = repository.Config;
        if (config.HasGroup(RemoteDefinition.GroupName(remote.Name)))
        {
            return ifNotExists
                ? false
                : throw new RepositoryConfigException($"Remote configuration for \"{remote.Name}\" already exists.");
        }

        remote.WriteTo(config);
        repository.WriteConfig(config);
        return true;
    }

    /// <summary>Lists the remotes (<c>ostree remote list</c>), in config order.</summary>
    /// <param name="repository">The repository.</param>
    /// <returns>The remotes.</returns>
    /// <exception cref="RepositoryConfigException">A remote group is invalid (no url, a bad name).</exception>
    public static IReadOnlyList<RemoteDefinition> ListRemotes(this Repository repository)
    {
        ArgumentNullException.ThrowIfNull(repository);
        var config = repository.Config;
        var remotes = new List<RemoteDefinition>();
        foreach (var group in config.Groups)
        {
            if (group.StartsWith("remote \"", StringComparison.Ordinal) && group.EndsWith('"') && group.Length > 9)
            {
                remotes.Add(RemoteDefinition.Read(config, group[8..^1])!);
            }
        }

        return remotes;
    }

    /// <summary>Finds a remote by name.</summary>
    /// <param name="repository">The repository.</param>
    /// <param name="name">The remote's name.</param>
    /// <param name="remote">The remote, when it exists.</param>
    /// <returns><see langword="true"/> if it exists.</returns>
    /// <exception cref="RepositoryConfigException">The remote's group is invalid.</exception>
    public static bool TryGetRemote(this Repository repository, string name, [NotNullWhen(true)] out RemoteDefinition? remote)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(name);
        remote = RefName.IsValidRemoteName(name) ? RemoteDefinition.Read(repository.Config, name) : null;
        return remote is not null;
    }

    /// <summary>Gets a remote by name.</summary>
    /// <param name="repository">The repository.</param>
    /// <param name="name">The remote's name.</param>
    /// <returns>The remote.</returns>
    /// <exception cref="RepositoryConfigException">There is no such remote, or its group is invalid.</exception>
    public static RemoteDefinition GetRemote(this Repository repository, string name)
        => TryGetRemote(repository, name, out var remote)
            ? remote
            : throw new RepositoryConfigException($"Remote \"{name}\" not found.");

    /// <summary>Deletes a remote (<c>ostree remote delete</c>); its refs under <c>refs/remotes/NAME</c> are kept, as libostree does.</summary>
    /// <param name="repository">The repository.</param>
    /// <param name="name">The remote's name.</param>
    /// <param name="ifExists">Do nothing, instead of failing, when there is no such remote.</param>
    /// <returns><see langword="true"/> if a remote was deleted.</returns>
    /// <exception cref="RepositoryConfigException">There is no such remote and <paramref name="ifExists"/> is false.</exception>
    public static bool DeleteRemote(this Repository repository, string name, bool ifExists = false)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(name);
        var config = repository.Config;
        if (!RefName.IsValidRemoteName(name) || !config.RemoveGroup(RemoteDefinition.GroupName(name)))
        {
            return ifExists ? false : throw new RepositoryConfigException($"Remote \"{name}\" not found.");
        }

        repository.WriteConfig(config);
        return true;
    }
}
