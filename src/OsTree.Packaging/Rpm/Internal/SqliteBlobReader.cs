using Microsoft.Data.Sqlite;
using OsTree.Packaging.Internal;
using OsTree.Trees;

namespace OsTree.Packaging.Rpm.Internal;

/// <summary>
/// Reads header blobs from <c>rpmdb.sqlite</c> without ever writing to the tree. With no WAL (or an empty one) and a
/// local file, the database is opened in place with <c>immutable=1</c>, which makes SQLite take no lock and create
/// no <c>-shm</c>; otherwise the database and its WAL (never the <c>-shm</c>) are copied into a private temporary
/// directory and the copy is opened, so committed transactions in the WAL are seen and nothing is checkpointed into
/// the tree. Pooling is off so no handle outlives the read.
/// </summary>
internal static class SqliteBlobReader
{
    private static ReadOnlySpan<byte> SqliteMagic => "SQLite format 3\0"u8;

    public static List<HeaderBlob> ReadAll(IFileTree tree, string resolvedDb, CancellationToken cancellationToken)
    {
        var result = new List<HeaderBlob>();
        Query(tree, resolvedDb, null, result.Add, cancellationToken);
        return result;
    }

    /// <summary>Hands every header blob to <paramref name="onBlob"/> as it is read, in header-number order.</summary>
    /// <remarks>A consumer that keeps only what it extracts lets each blob die young instead of holding them all.</remarks>
    public static void ForEach(IFileTree tree, string resolvedDb, Action<HeaderBlob> onBlob, CancellationToken cancellationToken)
        => Query(tree, resolvedDb, null, onBlob, cancellationToken);

    public static byte[]? ReadOne(IFileTree tree, string resolvedDb, long key, CancellationToken cancellationToken)
    {
        byte[]? found = null;
        Query(tree, resolvedDb, key, blob => found = blob.Blob, cancellationToken);
        return found;
    }

    private static void Query(IFileTree tree, string resolvedDb, long? key, Action<HeaderBlob> onBlob, CancellationToken cancellationToken)
    {
        var display = "/" + resolvedDb;
        CheckMagic(tree, resolvedDb, display);
        var walPath = resolvedDb + "-wal";
        var hasWal = tree.TryGetEntry(walPath, out var wal) && wal.Type == FileTreeEntryType.RegularFile && wal.Size > 0;
        var local = tree.GetLocalPath(resolvedDb);
        LocalFileCopy? copy = null;
        try
        {
            string connectionString;
            if (local is not null && !hasWal)
            {
                connectionString = new SqliteConnectionStringBuilder
                {
                    DataSource = "file:" + EscapeUriPath(local) + "?immutable=1",
                    Mode = SqliteOpenMode.ReadOnly,
                    Pooling = false,
                }.ToString();
            }
            else
            {
                copy = LocalFileCopy.Create();
                var path = copy.Add(tree, resolvedDb, "rpmdb.sqlite", cancellationToken);
                if (hasWal)
                {
                    copy.Add(tree, walPath, "rpmdb.sqlite-wal", cancellationToken);
                }

                connectionString = new SqliteConnectionStringBuilder
                {
                    DataSource = path,
                    Mode = SqliteOpenMode.ReadOnly,
                    Pooling = false,
                }.ToString();
            }

            using (var connection = new SqliteConnection(connectionString))
            {
                connection.Open();
                using var command = connection.CreateCommand();
                command.CommandText = key is null ? "SELECT hnum, blob FROM Packages ORDER BY hnum" : "SELECT hnum, blob FROM Packages WHERE hnum = $hnum";
                if (key is not null)
                {
                    command.Parameters.AddWithValue("$hnum", key.Value);
                }

                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var hnum = reader.GetInt64(0);
                    if (reader.IsDBNull(1))
                    {
                        throw PackageDataError.Create(display, null, $"header #{hnum} has a NULL blob");
                    }

                    onBlob(new HeaderBlob(hnum, (byte[])reader.GetValue(1)));
                }
            }
        }
        catch (SqliteException e)
        {
            throw PackageDataError.Create(display, null, $"cannot read the rpm SQLite database: {e.Message}", e);
        }
        catch (InvalidCastException e)
        {
            throw PackageDataError.Create(display, null, $"the Packages table does not hold (hnum INTEGER, blob BLOB) rows: {e.Message}", e);
        }
        finally
        {
            copy?.Dispose();
        }
    }

    private static void CheckMagic(IFileTree tree, string resolvedDb, string display)
    {
        Span<byte> head = stackalloc byte[16];
        using var stream = tree.OpenRead(resolvedDb);
        var n = 0;
        while (n < head.Length)
        {
            var read = stream.Read(head[n..]);
            if (read == 0)
            {
                break;
            }

            n += read;
        }

        if (n < head.Length || !head.SequenceEqual(SqliteMagic))
        {
            throw PackageDataError.Create(display, null, "not an SQLite database (no 'SQLite format 3' magic)");
        }
    }

    // SQLite decodes %HH escapes in URI file names; escape what would otherwise end or alter the path.
    private static string EscapeUriPath(string path)
    {
        var builder = new System.Text.StringBuilder(path.Length + 16);
        foreach (var b in System.Text.Encoding.UTF8.GetBytes(path))
        {
            if (b is (byte)'%' or (byte)'?' or (byte)'#' or (byte)';' or (byte)'=' or (byte)'\'' or (byte)'"' || b <= 0x20 || b >= 0x7F)
            {
                builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append((char)b);
            }
        }

        return builder.ToString();
    }
}
