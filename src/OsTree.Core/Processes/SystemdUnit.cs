namespace OsTree.Processes;

/// <summary>The systemd unit a process belongs to, read from its control group.</summary>
/// <param name="Name">The unit, e.g. <c>sshd.service</c> or <c>session-3.scope</c>.</param>
/// <param name="Scope">Whether the system manager or a user's manager runs it.</param>
/// <param name="UserId">The user whose manager runs it, for <see cref="SystemdUnitScope.User"/>; otherwise <see langword="null"/>.</param>
public sealed record SystemdUnit(string Name, SystemdUnitScope Scope, uint? UserId);
