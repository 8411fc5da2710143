namespace OsTree.Usage;

/// <summary>One deployment to account for: a directory whose files are hard links into the repository.</summary>
/// <param name="Id">
/// A name unique within the request, shown in the report; libostree's <c>$checksum.$serial</c> is a good choice.
/// </param>
/// <param name="Path">
/// The deployment's directory, e.g. <c>/sysroot/ostree/deploy/$os/deploy/$checksum.$serial</c>. Do not pass
/// <c>/</c> for the booted deployment: pass its directory under the sysroot, so that <c>/proc</c> and other mounts
/// stay out.
/// </param>
public sealed record DeploymentTree(string Id, string Path);
