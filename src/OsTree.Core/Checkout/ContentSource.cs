using Microsoft.Win32.SafeHandles;
using OsTree.Objects;

namespace OsTree.Checkout;

/// <summary>Where the bytes of a file being copied come from: an already opened (inflating) stream, or the bare object file.</summary>
internal readonly struct ContentSource
{
    public ContentSource(Stream? stream) => Stream = stream;

    public Stream? Stream { get; }

    public long CopyTo(CheckoutSource source, in Checksum checksum, long size, SafeFileHandle destination, string path)
    {
        if (Stream is not null)
        {
            var written = TargetIO.CopyData(Stream, destination);
            if (written != size)
            {
                throw new InvalidDataException($"'{path}': object {checksum} holds {written} bytes of content, its header says {size}.");
            }

            return written;
        }

        using var file = source.OpenObjectFile(checksum)
            ?? throw new InvalidOperationException("An archive object must be copied from its stream.");
        TargetIO.CopyData(file, destination, size, path);
        return size;
    }
}
