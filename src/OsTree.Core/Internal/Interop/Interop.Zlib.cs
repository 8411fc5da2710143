using System.Runtime.InteropServices;

namespace OsTree.Internal.Interop;

internal static partial class Interop
{
    /// <summary>The system zlib, which libostree itself uses, so that deflate output is byte-identical.</summary>
    internal const string ZlibLibrary = "libz.so.1";

    internal const int ZNoFlush = 0;
    internal const int ZFinish = 4;
    internal const int ZOk = 0;
    internal const int ZStreamEnd = 1;
    internal const int ZBufError = -5;
    internal const int ZDeflated = 8;
    internal const int ZDefaultStrategy = 0;

    /// <summary><c>z_stream</c> from <c>zlib.h</c> on LP64 (uInt is 32-bit, uLong 64-bit): 112 bytes.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 112)]
    internal struct ZStream
    {
        [FieldOffset(0)] public nint NextIn;
        [FieldOffset(8)] public uint AvailIn;
        [FieldOffset(16)] public nuint TotalIn;
        [FieldOffset(24)] public nint NextOut;
        [FieldOffset(32)] public uint AvailOut;
        [FieldOffset(40)] public nuint TotalOut;
        [FieldOffset(48)] public nint Msg;
        [FieldOffset(56)] public nint State;
        [FieldOffset(64)] public nint ZAlloc;
        [FieldOffset(72)] public nint ZFree;
        [FieldOffset(80)] public nint Opaque;
        [FieldOffset(88)] public int DataType;
        [FieldOffset(96)] public nuint Adler;
        [FieldOffset(104)] public nuint Reserved;
    }

    /// <summary><c>deflateInit2_</c>, the function behind the <c>deflateInit2</c> macro.</summary>
    [LibraryImport(ZlibLibrary, EntryPoint = "deflateInit2_")]
    internal static unsafe partial int DeflateInit2(ZStream* stream, int level, int method, int windowBits, int memLevel, int strategy, byte* version, int streamSize);
}
