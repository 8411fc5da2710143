using OsTree.Repositories;

namespace OsTree.Checkout;

/// <summary>The settings every thread of one checkout reads: options resolved against the repository's mode.</summary>
internal sealed class CheckoutContext
{
    public CheckoutContext(CheckoutSource source, CheckoutOptions options)
    {
        Source = source;
        Options = options;

        // libostree forces user mode for bare-user-only repositories: nothing else makes sense.
        UserMode = options.UserMode || source.Mode == RepositoryMode.BareUserOnly;
        RepositoryIsUserMode = source.Mode is RepositoryMode.BareUser or RepositoryMode.BareUserOnly;

        // Objects are hard-linked only where the object file already is what the checkout must produce.
        Hardlinkable = (source.Mode == RepositoryMode.Bare && !UserMode) || (RepositoryIsUserMode && UserMode);
        CopyMaterializer = options.CopyMaterializer ?? Checkout.CopyMaterializer.Instance;
        MaskDirectoryModes = source.Mode == RepositoryMode.BareUserOnly || options.BareUserOnlyDirectories;
    }

    public CheckoutSource Source { get; }

    public CheckoutOptions Options { get; }

    public bool UserMode { get; }

    public bool RepositoryIsUserMode { get; }

    public bool Hardlinkable { get; }

    public bool MaskDirectoryModes { get; }

    public IFileMaterializer CopyMaterializer { get; }

    /// <summary>libostree's message when <c>--require-hardlinks</c> meets a repository that cannot hard-link in this mode.</summary>
    public string CannotHardlinkMessage => RepositoryIsUserMode
        ? "User repository mode requires user checkout mode to hardlink"
        : "Bare repository mode cannot hardlink in user checkout mode";
}
