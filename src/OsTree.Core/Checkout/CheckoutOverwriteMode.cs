namespace OsTree.Checkout;

/// <summary>What a checkout does when the target already holds a name the commit has (libostree's <c>OstreeRepoCheckoutOverwriteMode</c>).</summary>
public enum CheckoutOverwriteMode
{
    /// <summary>Fail on any existing name, the target directory included (the default; <c>ostree checkout</c> without a union flag).</summary>
    None,

    /// <summary>Keep existing directories and extra files, replace existing files atomically (<c>--union</c>).</summary>
    UnionFiles,

    /// <summary>Keep everything that exists, add only what is missing (<c>--union-add</c>).</summary>
    AddFiles,

    /// <summary>
    /// Keep a file that is already the same object (same inode, or the same content checksum), fail on any other
    /// (<c>--union-identical</c>, which needs <see cref="CheckoutOptions.RequireHardlinks"/> as in libostree).
    /// </summary>
    UnionIdentical,
}
