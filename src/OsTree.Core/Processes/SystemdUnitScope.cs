namespace OsTree.Processes;

/// <summary>Which systemd manager runs a unit.</summary>
public enum SystemdUnitScope
{
    /// <summary>The system manager (PID 1): <c>systemctl restart UNIT</c>.</summary>
    System,

    /// <summary>A user's manager (<c>user@UID.service</c>): <c>systemctl --user -M UID@ restart UNIT</c>.</summary>
    User,
}
