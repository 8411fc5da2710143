using System.Runtime.Versioning;

// Btrfs, loop devices and the btrfs-progs oracle exist only on Linux.
[assembly: SupportedOSPlatform("linux")]
