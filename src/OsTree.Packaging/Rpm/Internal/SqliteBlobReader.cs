using Microsoft.Data.Sqlite;
using SQLitePCL;
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
        Query(tree, resolvedDb, null, (key, buffer, length) => result.Add(new HeaderBlob(key, buffer.AsSpan(0, length).ToArray())), cancellationToken);
        return result;
    }

    /// <summary>Hands every header blob to <paramref name="onBlob"/> as it is read, in header-number order.</summary>
    /// <remarks>Each blob is lent in one reused buffer: a consumer that keeps only what it extracts allocates no copy.</remarks>
    public static void ForEach(IFileTree tree, string resolvedDb, HeaderBlobHandler onBlob, CancellationToken cancellationToken)
        => Query(tree, resolvedDb, null, onBlob, cancellationToken);

    public static byte[]? ReadOne(IFileTree tree, string resolvedDb, long key, CancellationToken cancellationToken)
    {
        byte[]? found = null;
        Query(tree, resolvedDb, key, (_, buffer, length) => found = buffer.AsSpan(0, length).ToArray(), cancellationToken);
        return found;
    }

    private static void Query(IFileTree tree, string resolvedDb, long? key, HeaderBlobHandler onBlob, CancellationToken cancellationToken)
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

            using var connection = new SqliteConnection(connectionString);
            connection.Open();
            ReadRows(connection.Handle!, key, onBlob, display, cancellationToken);
        }
        catch (SqliteException e)
        {
            throw PackageDataError.Create(display, null, $"cannot read the rpm SQLite database: {e.Message}", e);
        }
        finally
        {
            copy?.Dispose();
        }
    }

    // The statement runs on SQLite's own API so that each blob is read where SQLite holds it (sqlite3_column_blob)
    // into one reused buffer; ADO.NET's reader would allocate a new array for every row.
    private static void ReadRows(sqlite3 db, long? key, HeaderBlobHandler onBlob, string display, CancellationToken cancellationToken)
    {
        // A scan reads each page once: a cache bigger than a few pages only makes SQLite allocate (and the kernel
        // zero) memory that is never read again.
        Check(db, raw.sqlite3_exec(db, "PRAGMA cache_size = -256"), display);
        var sql = key is null ? "SELECT hnum, blob FROM Packages ORDER BY hnum" : "SELECT hnum, blob FROM Packages WHERE hnum = ?1";
        Check(db, raw.sqlite3_prepare_v2(db, sql, out var statement), display);
        using (statement)
        using (var buffer = new BlobBuffer())
        {
            if (key is not null)
            {
                Check(db, raw.sqlite3_bind_int64(statement, 1, key.Value), display);
            }

            int rc;
            while ((rc = raw.sqlite3_step(statement)) == raw.SQLITE_ROW)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (raw.sqlite3_column_type(statement, 0) != raw.SQLITE_INTEGER)
                {
                    throw PackageDataError.Create(display, null, "the Packages table does not hold (hnum INTEGER, blob BLOB) rows: an hnum is not an integer");
                }

                var hnum = raw.sqlite3_column_int64(statement, 0);
                switch (raw.sqlite3_column_type(statement, 1))
                {
                    case raw.SQLITE_BLOB:
                        break;
                    case raw.SQLITE_NULL:
                        throw PackageDataError.Create(display, null, $"header #{hnum} has a NULL blob");
                    default:
                        throw PackageDataError.Create(display, null, $"the Packages table does not hold (hnum INTEGER, blob BLOB) rows: header #{hnum} is not a blob");
                }

                var blob = raw.sqlite3_column_blob(statement, 1);
                var target = buffer.Get(blob.Length);
                blob.CopyTo(target);
                onBlob(hnum, target, blob.Length);
            }

            Check(db, rc == raw.SQLITE_DONE ? raw.SQLITE_OK : rc, display);
        }
    }

    private static void Check(sqlite3 db, int rc, string display)
    {
        if (rc != raw.SQLITE_OK)
        {
            throw PackageDataError.Create(display, null, $"cannot read the rpm SQLite database: SQLite Error {rc}: '{raw.sqlite3_errmsg(db).utf8_to_string()}'.");
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
