namespace OsTree.Checkout;

/// <summary>What an <see cref="IFileMaterializer"/> did with a request.</summary>
public enum MaterializeStatus
{
    /// <summary>The file now exists under the requested name with its content and metadata.</summary>
    Created,

    /// <summary>Something already has the requested name (<c>EEXIST</c>); nothing was changed. The checkout applies its overwrite mode.</summary>
    Exists,

    /// <summary>This materializer cannot serve the request here (another device, <c>EMLINK</c>, no reflink support); nothing was changed.</summary>
    Unsupported,
}
