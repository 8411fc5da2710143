namespace OsTree.Objects;

/// <summary>The <c>st_mode</c> bits libostree stores.</summary>
internal static class StatMode
{
    internal const uint TypeMask = 0xF000;
    internal const uint Directory = 0x4000;
    internal const uint Regular = 0x8000;
    internal const uint SymbolicLink = 0xA000;
    internal const uint PermissionMask = 0xFFF; // 07777: permissions, setuid, setgid, sticky.

    internal static bool IsRegular(uint mode) => (mode & TypeMask) == Regular;

    internal static bool IsSymbolicLink(uint mode) => (mode & TypeMask) == SymbolicLink;

    internal static bool IsDirectory(uint mode) => (mode & TypeMask) == Directory;

    internal static bool HasOnlyKnownBits(uint mode) => (mode & ~(TypeMask | PermissionMask)) == 0;
}
