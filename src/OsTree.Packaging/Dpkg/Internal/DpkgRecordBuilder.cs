using System.Runtime.InteropServices;
using System.Text;

namespace OsTree.Packaging.Dpkg.Internal;

/// <summary>
/// Turns a parsed stanza into a <see cref="DpkgPackageRecord"/> with the field checks dpkg makes on its status
/// database (<c>pkg_parse_field</c> and <c>pkg_parse_verify</c> in lib/dpkg/parse.c, in lax mode).
/// </summary>
internal static class DpkgRecordBuilder
{
    public static DpkgPackageRecord Build(ControlStanzaReader reader, List<ControlField> fields, int stanzaStart)
    {
        string? name = null;
        var architecture = string.Empty;
        var hasArchitecture = false;
        DpkgVersion? version = null;
        var configVersion = false;
        var status = new DpkgStatus(DpkgWant.Unknown, DpkgErrorFlag.Ok, DpkgState.NotInstalled);
        var multiArch = DpkgMultiArch.No;
        var triggersAwaited = false;
        var triggersPending = false;
        var summaryFields = new DpkgSummaryFields();
        foreach (ref readonly var field in CollectionsMarshal.AsSpan(fields))
        {
            // Only the name becomes a string here; the other values are checked on their bytes, as dpkg (C locale,
            // ASCII case folding) reads them.
            var bytes = field.ValueBytes;
            switch (field.Number)
            {
                case FieldNames.Package:
                    var value = field.Value;
                    var invalid = PackageNameError(value);
                    if (invalid is not null)
                    {
                        throw reader.Error(fields, $"invalid package name in 'Package' field: {invalid}");
                    }

                    name = value.ToLowerInvariant();
                    break;
                case FieldNames.Architecture:
                    architecture = ArchitectureName(bytes);
                    hasArchitecture = true;
                    break;
                case FieldNames.Version:
                    version = ParseVersion(reader, fields, "Version", bytes);
                    break;
                case FieldNames.ConfigVersion:
                    ParseVersion(reader, fields, "Config-Version", bytes);
                    configVersion = true;
                    break;
                case FieldNames.Status:
                    status = ParseStatus(reader, fields, bytes);
                    break;
                case FieldNames.MultiArch:
                    if (bytes.Length > 0)
                    {
                        multiArch = Ascii.EqualsIgnoreCase(bytes, "no"u8) ? DpkgMultiArch.No
                            : Ascii.EqualsIgnoreCase(bytes, "same"u8) ? DpkgMultiArch.Same
                            : Ascii.EqualsIgnoreCase(bytes, "foreign"u8) ? DpkgMultiArch.Foreign
                            : Ascii.EqualsIgnoreCase(bytes, "allowed"u8) ? DpkgMultiArch.Allowed
                            : throw reader.Error(fields, $"quadstate (foreign/allowed/same/no) 'Multi-Arch' field: has invalid value '{field.Value}'");
                    }

                    break;
                case FieldNames.Essential:
                case FieldNames.Protected:
                    if (bytes.Length > 0 && !Ascii.EqualsIgnoreCase(bytes, "yes"u8) && !Ascii.EqualsIgnoreCase(bytes, "no"u8))
                    {
                        throw reader.Error(fields, $"boolean (yes/no) '{field.Name}' field: has invalid value '{field.Value}'");
                    }

                    break;
                case FieldNames.TriggersAwaited:
                    triggersAwaited = bytes.Length > 0;
                    break;
                case FieldNames.TriggersPending:
                    triggersPending = bytes.Length > 0;
                    break;
                case FieldNames.InstalledSize:
                    summaryFields.InstalledSize = new DpkgValueSlice(field.Start, field.Length);
                    break;
                case FieldNames.Description:
                    summaryFields.Description = new DpkgValueSlice(field.Start, field.Length);
                    break;
                case FieldNames.Source:
                    summaryFields.Source = new DpkgValueSlice(field.Start, field.Length);
                    break;
                default:
                    break;
            }
        }

        if (name is null)
        {
            throw reader.Error(fields, "missing 'Package' field");
        }

        if (status.State is not (DpkgState.NotInstalled or DpkgState.HalfInstalled) && version is null)
        {
            throw reader.Error(fields, "missing 'Version' field");
        }

        if (multiArch == DpkgMultiArch.Same && (!hasArchitecture || architecture.Length == 0))
        {
            throw reader.Error(fields, "package has 'Multi-Arch: same' field but is missing architecture");
        }

        if (multiArch == DpkgMultiArch.Same && architecture == "all")
        {
            throw reader.Error(fields, "package has 'Multi-Arch: same' field but is architecture 'all'");
        }

        if (configVersion && status.State is DpkgState.Installed or DpkgState.NotInstalled or DpkgState.TriggersPending)
        {
            throw reader.Error(fields, "'Config-Version' field present for package with inappropriate 'Status' field");
        }

        if (triggersAwaited && (status.State <= DpkgState.ConfigFiles || status.State >= DpkgState.TriggersPending))
        {
            throw reader.Error(fields, $"package has status {DpkgStatus.StateName(status.State)} but triggers are awaited");
        }

        if (!triggersAwaited && status.State == DpkgState.TriggersAwaited)
        {
            throw reader.Error(fields, "package has status triggers-awaited but no triggers awaited");
        }

        if (triggersPending && status.State is not (DpkgState.TriggersPending or DpkgState.TriggersAwaited))
        {
            throw reader.Error(fields, $"package has status {DpkgStatus.StateName(status.State)} but triggers are pending");
        }

        if (!triggersPending && status.State == DpkgState.TriggersPending)
        {
            throw reader.Error(fields, "package has status triggers-pending but no triggers pending");
        }

        var stanza = new DpkgStanza(reader.Data, stanzaStart, reader.Position - stanzaStart, reader.FileName);
        return new DpkgPackageRecord(name, architecture, version, status, multiArch, stanza, summaryFields);
    }

    // dpkg's pkg_name_is_invalid().
    internal static string? PackageNameError(string name)
    {
        if (name.Length == 0)
        {
            return "may not be empty string";
        }

        if (!char.IsAsciiLetterOrDigit(name[0]))
        {
            return "must start with an alphanumeric character";
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '+' or '.' or '_'))
            {
                return $"character '{c}' not allowed (only letters, digits and characters '-+._')";
            }
        }

        return null;
    }

    // The architectures of Debian and its derivatives as shared strings: thousands of stanzas name a handful of them.
    private static readonly string[] KnownArchitectures = ["amd64", "all", "i386", "arm64", "armhf", "armel", "ppc64el", "s390x", "riscv64", "mips64el", "loong64"];

    private static string ArchitectureName(ReadOnlySpan<byte> bytes)
    {
        foreach (var known in KnownArchitectures)
        {
            if (Ascii.Equals(bytes, known))
            {
                return known;
            }
        }

        return Encoding.UTF8.GetString(bytes);
    }

    private static DpkgVersion ParseVersion(ControlStanzaReader reader, List<ControlField> fields, string field, ReadOnlySpan<byte> bytes)
    {
        // Decoded into a scratch span: only the upstream and revision parts become strings.
        var count = Encoding.UTF8.GetCharCount(bytes);
        var chars = count <= 256 ? stackalloc char[count] : new char[count];
        Encoding.UTF8.GetChars(bytes, chars);
        var error = DpkgVersion.TryParseCore(chars, out var version);
        return error is null ? version : throw reader.Error(fields, $"'{field}' field value '{chars.ToString()}': {error}");
    }

    private static readonly byte[][] WantNames = [.. new[] { "unknown", "install", "hold", "deinstall", "purge" }.Select(Encoding.ASCII.GetBytes)];
    private static readonly byte[][] FlagNames = [.. new[] { "ok", "reinstreq" }.Select(Encoding.ASCII.GetBytes)];
    private static readonly byte[][] StateNames = [.. new[] { "not-installed", "config-files", "half-installed", "unpacked", "half-configured", "triggers-awaited", "triggers-pending", "installed" }.Select(Encoding.ASCII.GetBytes)];

    private static DpkgStatus ParseStatus(ControlStanzaReader reader, List<ControlField> fields, ReadOnlySpan<byte> value)
    {
        var rest = value;
        var want = NextWord(reader, fields, ref rest, WantNames, "first (want)", last: false);
        var flag = NextWord(reader, fields, ref rest, FlagNames, "second (error)", last: false);
        var state = NextWord(reader, fields, ref rest, StateNames, "third (status)", last: true);
        return new DpkgStatus((DpkgWant)want, (DpkgErrorFlag)flag, (DpkgState)state);
    }

    // dpkg's parse_nv(): the first table name that prefixes the text (case-insensitively) wins; blanks after it are
    // skipped; the last word must end the value.
    private static int NextWord(ControlStanzaReader reader, List<ControlField> fields, ref ReadOnlySpan<byte> rest, byte[][] names, string which, bool last)
    {
        if (rest.IsEmpty)
        {
            throw reader.Error(fields, $"{which} word in 'Status' field: is missing a value");
        }

        for (var i = 0; i < names.Length; i++)
        {
            if (rest.Length >= names[i].Length && Ascii.EqualsIgnoreCase(rest[..names[i].Length], names[i]))
            {
                rest = rest[names[i].Length..];
                while (!rest.IsEmpty && IsSpace(rest[0]))
                {
                    rest = rest[1..];
                }

                if (last && !rest.IsEmpty)
                {
                    throw reader.Error(fields, $"{which} word in 'Status' field: has trailing junk");
                }

                return i;
            }
        }

        throw reader.Error(fields, $"{which} word in 'Status' field: has invalid value '{Encoding.UTF8.GetString(rest)}'");
    }

    private static bool IsSpace(byte c) => c is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\v' or (byte)'\f' or (byte)'\r';
}
