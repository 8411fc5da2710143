namespace OsTree.Packaging.Rpm;

/// <summary>The rpm header tags this library reads (numbers from rpm's <c>rpmtag.h</c>).</summary>
public static class RpmTag
{
    /// <summary>The region of a legacy header image.</summary>
    public const int HeaderImage = 61;

    /// <summary>The region of a signature header.</summary>
    public const int HeaderSignatures = 62;

    /// <summary>The immutable region of a main header.</summary>
    public const int HeaderImmutable = 63;

    /// <summary>The locales of I18N strings.</summary>
    public const int HeaderI18NTable = 100;

    /// <summary>SIGMD5 (BIN, 16 bytes over header and payload).</summary>
    public const int SigMd5 = 261;

    /// <summary>DSAHEADER (BIN, OpenPGP signature of the header).</summary>
    public const int DsaHeader = 267;

    /// <summary>RSAHEADER (BIN, OpenPGP signature of the header).</summary>
    public const int RsaHeader = 268;

    /// <summary>SHA1HEADER (STRING, hex).</summary>
    public const int Sha1Header = 269;

    /// <summary>SHA256HEADER (STRING, hex).</summary>
    public const int Sha256Header = 273;

    /// <summary>NAME (STRING).</summary>
    public const int Name = 1000;

    /// <summary>VERSION (STRING).</summary>
    public const int Version = 1001;

    /// <summary>RELEASE (STRING).</summary>
    public const int Release = 1002;

    /// <summary>EPOCH (INT32).</summary>
    public const int Epoch = 1003;

    /// <summary>SUMMARY (I18NSTRING).</summary>
    public const int Summary = 1004;

    /// <summary>DESCRIPTION (I18NSTRING).</summary>
    public const int Description = 1005;

    /// <summary>BUILDTIME (INT32).</summary>
    public const int BuildTime = 1006;

    /// <summary>INSTALLTIME (INT32, seconds since the epoch).</summary>
    public const int InstallTime = 1008;

    /// <summary>SIZE (INT32, bytes).</summary>
    public const int Size = 1009;

    /// <summary>LICENSE (STRING).</summary>
    public const int License = 1014;

    /// <summary>GROUP (I18NSTRING).</summary>
    public const int Group = 1016;

    /// <summary>ARCH (STRING).</summary>
    public const int Arch = 1022;

    /// <summary>OLDFILENAMES (STRING_ARRAY), used by headers older than rpm 4.</summary>
    public const int OldFileNames = 1027;

    /// <summary>FILESIZES (INT32[]).</summary>
    public const int FileSizes = 1028;

    /// <summary>FILEMODES (INT16[]).</summary>
    public const int FileModes = 1030;

    /// <summary>FILEDIGESTS (STRING_ARRAY, hex; empty for directories).</summary>
    public const int FileDigests = 1035;

    /// <summary>FILEFLAGS (INT32[]).</summary>
    public const int FileFlags = 1037;

    /// <summary>SOURCERPM (STRING).</summary>
    public const int SourceRpm = 1044;

    /// <summary>DIRINDEXES (INT32[]).</summary>
    public const int DirIndexes = 1116;

    /// <summary>BASENAMES (STRING_ARRAY).</summary>
    public const int BaseNames = 1117;

    /// <summary>DIRNAMES (STRING_ARRAY).</summary>
    public const int DirNames = 1118;

    /// <summary>INSTALLTID (INT32).</summary>
    public const int InstallTid = 1128;

    /// <summary>LONGFILESIZES (INT64[]).</summary>
    public const int LongFileSizes = 5008;

    /// <summary>LONGSIZE (INT64, bytes).</summary>
    public const int LongSize = 5009;

    /// <summary>FILEDIGESTALGO (INT32; 1 MD5 when absent, 2 SHA1, 8 SHA256, 9 SHA384, 10 SHA512).</summary>
    public const int FileDigestAlgo = 5011;

    // The type rpm's tag table gives each tag read here, for the type check rpm makes on immutable regions.
    internal static RpmTagType? KnownType(int tag) => tag switch
    {
        HeaderI18NTable => RpmTagType.StringArray,
        SigMd5 or DsaHeader or RsaHeader => RpmTagType.Binary,
        Sha1Header or Sha256Header => RpmTagType.String,
        Name or Version or Release or License or Arch or SourceRpm => RpmTagType.String,
        Summary or Description or Group => RpmTagType.I18NString,
        Epoch or BuildTime or InstallTime or Size or FileSizes or FileFlags or DirIndexes or InstallTid or FileDigestAlgo => RpmTagType.Int32,
        FileModes => RpmTagType.Int16,
        OldFileNames or FileDigests or BaseNames or DirNames => RpmTagType.StringArray,
        LongFileSizes or LongSize => RpmTagType.Int64,
        _ => null,
    };
}
