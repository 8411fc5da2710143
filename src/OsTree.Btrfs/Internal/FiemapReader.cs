using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using static OsTree.Btrfs.Internal.Interop.Interop;

namespace OsTree.Btrfs.Internal;

/// <summary>
/// FS_IOC_FIEMAP with one reusable native buffer (16 KiB, as <c>btrfs filesystem du</c>): maps a whole file, asking the
/// first call to flush delayed allocation (FIEMAP_FLAG_SYNC, else fresh data shows as DELALLOC at physical 0), then
/// continues after the last extent returned until one carries FIEMAP_EXTENT_LAST. Not thread-safe: one per walker.
/// </summary>
internal sealed unsafe class FiemapReader : IDisposable
{
    private const int BufferSize = 16 * 1024;
    private static readonly int Capacity = (BufferSize - sizeof(Fiemap)) / sizeof(FiemapExtent);
    private byte* _buffer = (byte*)NativeMemory.AllocZeroed(BufferSize);

    /// <summary>Appends every extent of the file to <paramref name="into"/>.</summary>
    internal void ReadAll(SafeFileHandle file, string path, bool sync, List<FiemapExtent> into)
    {
        ObjectDisposedException.ThrowIf(_buffer is null, this);
        var head = (Fiemap*)_buffer;
        var extents = (FiemapExtent*)(_buffer + sizeof(Fiemap));
        ulong start = 0;
        var flags = sync ? FiemapFlags.FlagSync : 0;
        while (true)
        {
            *head = new Fiemap { Start = start, Length = ulong.MaxValue, Flags = flags, ExtentCount = (uint)Capacity };
            IoErrors.Check(Ioctl(file, Requests.FsIocFiemap, head), "Mapping the extents of", path);
            var count = (int)Math.Min(head->MappedExtents, (uint)Capacity);
            if (count == 0)
            {
                return;
            }

            var last = false;
            for (var i = 0; i < count; i++)
            {
                into.Add(extents[i]);
                last |= (extents[i].Flags & FiemapFlags.ExtentLast) != 0;
            }

            if (last)
            {
                return;
            }

            var next = extents[count - 1].Logical + extents[count - 1].Length;
            if (next <= start)
            {
                throw new InvalidDataException($"FIEMAP on '{path}' did not advance past offset {start}.");
            }

            start = next;
            flags = 0;
        }
    }

    public void Dispose()
    {
        if (_buffer is not null)
        {
            NativeMemory.Free(_buffer);
            _buffer = null;
        }
    }
}
