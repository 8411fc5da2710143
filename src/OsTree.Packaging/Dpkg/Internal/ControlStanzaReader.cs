using System.Runtime.InteropServices;
using OsTree.Packaging.Internal;

namespace OsTree.Packaging.Dpkg.Internal;

/// <summary>
/// Splits a dpkg database file into stanzas of fields with the exact rules of dpkg's <c>parse_stanza</c>
/// (lib/dpkg/parse.c): stanzas separated by empty lines, field names ending at <c>:</c> or blanks, continuation
/// lines starting with a blank, trailing blanks trimmed, Ctrl+Z treated as dpkg treats it, and a missing final
/// newline refused. Field-level rules (duplicates, short user-defined names) are checked here too.
/// </summary>
internal sealed class ControlStanzaReader
{
    private const byte MsdosEof = 0x1A;

    private readonly byte[] _data;
    private readonly int _end;
    private readonly string _fileName;
    private int _pos;
    private int _line = 1;

    public ControlStanzaReader(byte[] data, int length, string fileName)
        : this(data, 0, length, fileName)
    {
    }

    /// <summary>A reader of the bytes <c>[start, end)</c> of a file, such as one stanza read before.</summary>
    public ControlStanzaReader(byte[] data, int start, int end, string fileName)
    {
        _data = data;
        _pos = start;
        _end = end;
        _fileName = fileName;
    }

    /// <summary>The bytes being read.</summary>
    public byte[] Data => _data;

    /// <summary>Where the reader is in <see cref="Data"/>: after a stanza, its end.</summary>
    public int Position => _pos;

    /// <summary>The 1-based line the reader is at, for messages.</summary>
    public int Line => _line;

    public string FileName => _fileName;

    private bool AtEof => _pos >= _end;

    /// <summary>Reads the next stanza; <see langword="false"/> at the end of the file.</summary>
    /// <param name="fields">Receives the stanza's fields.</param>
    /// <param name="start">Where the stanza starts in <see cref="Data"/>; it ends where the reader is now.</param>
    /// <exception cref="InvalidDataException">The stanza breaks dpkg's syntax.</exception>
    public bool TryRead(List<ControlField> fields, out int start)
    {
        fields.Clear();
        int c = 0;

        // Skip adjacent new lines.
        while (!AtEof)
        {
            c = _data[_pos++];
            if (c != '\n' && c != MsdosEof)
            {
                break;
            }

            _line++;
        }

        start = _pos - 1;
        if (AtEof)
        {
            return false;
        }

        for (;;)
        {
            var fieldStart = _pos - 1;
            while (!AtEof && !IsSpace(c) && c != ':' && c != MsdosEof)
            {
                c = _data[_pos++];
            }

            var fieldLength = _pos - fieldStart - 1;
            if (fieldLength == 0)
            {
                throw Error(fields, "empty field name");
            }

            var name = FieldNames.Get(_data.AsSpan(fieldStart, fieldLength), out var number);
            if (_data[fieldStart] == '-')
            {
                throw Error(fields, $"field name '{name}' cannot start with hyphen");
            }

            while (!AtEof && c != '\n' && IsSpace(c))
            {
                c = _data[_pos++];
            }

            if (AtEof)
            {
                throw Error(fields, $"end of file after field name '{name}'");
            }

            if (c == '\n')
            {
                throw Error(fields, $"newline in field name '{name}'");
            }

            if (c == MsdosEof)
            {
                throw Error(fields, $"MSDOS end of file (Ctrl+Z) in field name '{name}'");
            }

            if (c != ':')
            {
                throw Error(fields, $"field name '{name}' must be followed by colon");
            }

            while (!AtEof)
            {
                c = _data[_pos++];
                if (c == '\n' || !IsSpace(c))
                {
                    break;
                }
            }

            if (AtEof)
            {
                throw Error(fields, $"end of file before value of field '{name}' (missing final newline)");
            }

            if (c == MsdosEof)
            {
                throw Error(fields, $"MSDOS end of file (Ctrl+Z) in value of field '{name}' (missing newline?)");
            }

            var valueStart = _pos - 1;
            for (;;)
            {
                if (c == '\n' || c == MsdosEof)
                {
                    // A blank line inside a value is only a warning for the status database (lax parser).
                    _line++;
                    if (AtEof)
                    {
                        break;
                    }

                    c = _data[_pos++];
                    if (AtEof || c == '\n' || !IsSpace(c))
                    {
                        break;
                    }

                    _pos--;
                }

                // The rest of the line, found with a vectorized search rather than byte by byte.
                var lineEnd = _data.AsSpan(_pos, _end - _pos).IndexOfAny((byte)'\n', MsdosEof);
                if (lineEnd < 0)
                {
                    _pos = _end;
                    throw Error(fields, $"end of file during value of field '{name}' (missing final newline)");
                }

                _pos += lineEnd;
                c = _data[_pos++];
            }

            var valueLength = _pos - valueStart - 1;
            while (valueLength > 0 && IsSpace(_data[valueStart + valueLength - 1]))
            {
                valueLength--;
            }

            AddField(fields, name, number, valueStart, valueLength);

            if (AtEof || c == '\n' || c == MsdosEof)
            {
                break;
            }
        }

        if (c == '\n')
        {
            _line++;
        }

        return true;
    }

    public InvalidDataException Error(List<ControlField> fields, string detail)
    {
        string? package = null;
        foreach (var field in fields)
        {
            if (field.Number == FieldNames.Package)
            {
                package = field.Value;
            }
        }

        return PackageDataError.Create(_fileName, package, $"line {_line}: {detail}");
    }

    private void AddField(List<ControlField> fields, string name, int number, int valueStart, int valueLength)
    {
        // dpkg knows no one-letter field, so a one-letter name is a user-defined one, and those need two characters.
        if (name.Length < 2)
        {
            throw Error(fields, $"user-defined field name '{name}' too short");
        }

        foreach (var field in CollectionsMarshal.AsSpan(fields))
        {
            if (number >= 0 ? field.Number == number : field.Number < 0 && field.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                throw Error(fields, $"duplicate value for '{name}' field");
            }
        }

        fields.Add(new ControlField(name, number, _data, valueStart, valueLength));
    }

    // C's isspace in the C locale.
    private static bool IsSpace(int c) => c is ' ' or '\t' or '\n' or '\v' or '\f' or '\r';
}
