using OsTree.Packaging.Rpm;
using OsTree.Packaging.Tests.Fixtures;
using OsTree.TestSupport;
using OsTree.Trees;

namespace OsTree.Packaging.Tests;

public sealed class RpmDatabaseTests(RpmFixture fixture)
{
    private const string DbPath = "/usr/lib/sysimage/rpm";

    private static List<string> Lines(IEnumerable<InstalledPackage> packages)
        => packages.Select(p => $"{p.Name} {p.Epoch}:{p.Version}-{p.Release}.{p.Architecture}").Order(StringComparer.Ordinal).ToList();

    [Fact]
    public void Sqlite_lists_equal_rpm_qa_for_both_trees()
    {
        fixture.Require();
        foreach (var tree in new[] { fixture.TreeA, fixture.TreeB })
        {
            var db = PackageDatabase.Open(new DirectoryFileTree(tree));
            Assert.Equal(PackageDatabaseKind.RpmSqlite, db.Location.Kind);
            Assert.Equal("usr/lib/sysimage/rpm", db.Location.Path);
            Assert.Equal(RpmFixture.RpmQueryAll(tree, DbPath), Lines(db.ReadPackages()));
        }

        Assert.Equal(["fx-epoch 2:0.5-3.noarch", "fx-gone 0:1.0-1.noarch", "fx-hello 0:1.0-1.noarch"], Lines(PackageDatabase.Open(new DirectoryFileTree(fixture.TreeA)).ReadPackages()));
    }

    [Fact]
    public void Sqlite_read_through_a_tree_without_local_paths_equals_rpm_qa()
    {
        fixture.Require();
        var db = PackageDatabase.Open(new NonLocalFileTree(fixture.TreeB));
        Assert.Equal(RpmFixture.RpmQueryAll(fixture.TreeB, DbPath), Lines(db.ReadPackages()));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Berkeley_db_in_both_byte_orders_equals_rpm_bdb_ro(bool bigEndian)
    {
        fixture.Require();
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.Combine("var", "lib", "rpm"));
        File.Copy(bigEndian ? fixture.BerkeleyBigEndian : fixture.BerkeleyLittleEndian, dir.Combine("var", "lib", "rpm", "Packages"));
        var expected = RpmFixture.RpmQueryAll(dir.Path, "/var/lib/rpm", "--define", "_db_backend bdb_ro");
        Assert.Equal(3, expected.Count);
        foreach (var tree in new IFileTree[] { new DirectoryFileTree(dir.Path), new NonLocalFileTree(dir.Path) })
        {
            var db = PackageDatabase.Open(tree);
            Assert.Equal(PackageDatabaseKind.RpmBerkeleyDb, db.Location.Kind);
            Assert.Equal(expected, Lines(db.ReadPackages()));
        }

        Assert.Equal(RpmFixture.RpmQueryAll(fixture.TreeB, DbPath), expected);
    }

    [Fact]
    public void Header_digests_verify_and_equal_the_package_files_sha256header()
    {
        fixture.Require();
        var db = (RpmDatabase)PackageDatabase.Open(new DirectoryFileTree(fixture.TreeB));
        var headers = db.ReadHeaders();
        Assert.Equal(3, headers.Count);
        Assert.All(headers, h => Assert.Equal(RpmHeaderDigestStatus.Verified, h.Value.VerifyDigest()));
        foreach (var package in db.ReadPackages())
        {
            var file = Path.Combine(fixture.RpmDirectory, $"{package.Name}-{package.Version}-{package.Release}.noarch.rpm");
            var fromFile = Tool.Check("rpm", "-qp", "--nosignature", "--qf", "%{SHA256HEADER} %{SHA1HEADER} %{SUMMARY} %{LICENSE} %{SOURCERPM} %{SIZE}", file);
            Assert.Equal($"{package.HeaderSha256} {package.HeaderSha1} {package.Summary} {package.License} {package.Source} {package.InstalledSize}", fromFile);
            Assert.NotNull(package.InstallTime);
        }
    }

    [Fact]
    public void File_lists_equal_rpm_ql()
    {
        fixture.Require();
        var db = PackageDatabase.Open(new DirectoryFileTree(fixture.TreeB));
        foreach (var package in db.ReadPackages())
        {
            var expected = Tool.Check("rpm", "--root", fixture.TreeB, "--dbpath", DbPath, "-ql", package.Name).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(expected.Order(StringComparer.Ordinal), db.ReadFiles(package).Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public void The_fx_gone_blob_has_the_documented_layout()
    {
        fixture.Require();
        var db = (RpmDatabase)PackageDatabase.Open(new DirectoryFileTree(fixture.TreeA));
        var gone = db.ReadHeaders().Single(h => h.Value.GetString(RpmTag.Name) == "fx-gone").Value;
        Assert.Equal(RpmTag.HeaderImmutable, gone.RegionTag);
        Assert.Equal(new RpmHeaderEntry(63, RpmTagType.Binary, gone.RegionDataLength - 16, 16), gone.Entries[0]);
        Assert.True(gone.RegionEntryCount < gone.Entries.Count, "install-time dribbles follow the region");
        Assert.Equal(["/etc/fx-gone.conf", "/usr/bin/fx-gone", "/usr/share/fx-gone", "/usr/share/fx-gone/README"], gone.GetFilePaths().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Reading_never_modifies_the_database_directory_even_with_a_non_empty_wal()
    {
        fixture.Require();
        using var dir = new TempDirectory();
        Tool.Check("cp", "-a", fixture.TreeA + "/.", dir.Path);
        var dbDir = dir.Combine("usr", "lib", "sysimage", "rpm");
        var db = Path.Combine(dbDir, "rpmdb.sqlite");
        var scratch = dir.Combine("scratch");
        Directory.CreateDirectory(scratch);

        // Commit a transaction that adds tree B's fx-new header and copy db, -wal and -shm away while the writer still
        // holds them, so the copy has a committed but un-checkpointed WAL (as a tree snapshotted mid-session would).
        var newBlob = Tool.Check("sqlite3", $"file:{fixture.TreeB}{DbPath}/rpmdb.sqlite?mode=ro&immutable=1",
            "select lower(hex(blob)) from Packages where instr(blob, cast('fx-new' as blob)) > 0").Trim();
        Assert.NotEmpty(newBlob);
        Tool.Check("cp", "-a", dbDir + "/.", scratch);
        var script = $"""
            PRAGMA journal_mode=WAL;
            PRAGMA wal_autocheckpoint=0;
            INSERT INTO Packages(blob) VALUES (x'{newBlob}');
            .shell cp -a {scratch}/rpmdb.sqlite {scratch}/rpmdb.sqlite-wal {scratch}/rpmdb.sqlite-shm {dbDir}/
            """;
        Tool.RunWithInput(scratch, script, "sqlite3", Path.Combine(scratch, "rpmdb.sqlite")).EnsureSuccess("sqlite3 WAL writer");
        Assert.True(new FileInfo(db + "-wal").Length > 0, "the fixture needs a non-empty WAL");

        var before = DirectorySnapshot.Take(dbDir);
        var packages = PackageDatabase.Open(new DirectoryFileTree(dir.Path)).ReadPackages();
        var nonLocal = PackageDatabase.Open(new NonLocalFileTree(dir.Path)).ReadPackages();
        var after = DirectorySnapshot.Take(dbDir);
        Assert.Equal(before, after);

        // The committed WAL transaction is seen, as rpm itself sees it (asked on a copy, since rpm opens read-write).
        Assert.Contains("fx-new 0:0.1~rc1-1.noarch", Lines(packages));
        Assert.Equal(Lines(packages), Lines(nonLocal));
        using var judge = new TempDirectory();
        Tool.Check("cp", "-a", dir.Path + "/.", judge.Path);
        Assert.Equal(RpmFixture.RpmQueryAll(judge.Path, DbPath), Lines(packages));
    }

    [Fact]
    public void Reading_in_place_without_a_wal_leaves_the_directory_untouched()
    {
        fixture.Require();
        using var dir = new TempDirectory();
        Tool.Check("cp", "-a", fixture.TreeB + "/.", dir.Path);
        var dbDir = dir.Combine("usr", "lib", "sysimage", "rpm");
        File.Delete(Path.Combine(dbDir, "rpmdb.sqlite-shm"));
        File.Delete(Path.Combine(dbDir, "rpmdb.sqlite-wal"));
        var before = DirectorySnapshot.Take(dbDir);
        Assert.Equal(3, PackageDatabase.Open(new DirectoryFileTree(dir.Path)).ReadPackages().Count);
        Assert.Equal(before, DirectorySnapshot.Take(dbDir));
    }

    [Fact]
    public void An_rpm_ostree_layout_is_found_through_its_symbolic_links()
    {
        fixture.Require();
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.Combine("usr", "share", "rpm"));
        Directory.CreateDirectory(dir.Combine("usr", "lib", "sysimage"));
        Directory.CreateDirectory(dir.Combine("var", "lib"));
        File.Copy(Path.Combine(fixture.TreeB + DbPath, "rpmdb.sqlite"), dir.Combine("usr", "share", "rpm", "rpmdb.sqlite"));
        File.CreateSymbolicLink(dir.Combine("usr", "lib", "sysimage", "rpm"), "../../share/rpm");
        File.CreateSymbolicLink(dir.Combine("var", "lib", "rpm"), "/usr/share/rpm");

        // A stale Berkeley DB next to the sqlite one is ignored with a warning.
        File.Copy(fixture.BerkeleyLittleEndian, dir.Combine("usr", "share", "rpm", "Packages"));
        var db = PackageDatabase.Open(new NonLocalFileTree(dir.Path));
        Assert.Equal(PackageDatabaseKind.RpmSqlite, db.Location.Kind);
        Assert.Equal("usr/lib/sysimage/rpm", db.Location.ProbedPath);
        Assert.Equal("usr/share/rpm", db.Location.Path);
        Assert.Equal("rpm sqlite at /usr/share/rpm/rpmdb.sqlite (via /usr/lib/sysimage/rpm)", db.Location.Description);
        Assert.Contains(db.Location.Warnings, w => w.Contains("stale Berkeley DB", StringComparison.Ordinal));
        Assert.Equal(RpmFixture.RpmQueryAll(fixture.TreeB, DbPath), Lines(db.ReadPackages()));
    }

    [Fact]
    public void A_dbpath_macro_in_the_tree_is_honoured()
    {
        fixture.Require();
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.Combine("opt", "rpmdb"));
        Directory.CreateDirectory(dir.Combine("usr", "lib", "rpm", "macros.d"));
        File.Copy(Path.Combine(fixture.TreeA + DbPath, "rpmdb.sqlite"), dir.Combine("opt", "rpmdb", "rpmdb.sqlite"));
        File.WriteAllText(dir.Combine("usr", "lib", "rpm", "macros.d", "macros.dbpath"), "%_dbpath\t/opt/rpmdb\n");
        var db = PackageDatabase.Open(new DirectoryFileTree(dir.Path));
        Assert.Equal("opt/rpmdb", db.Location.Path);
        Assert.Equal(3, db.ReadPackages().Count);
    }

    [Fact]
    public void A_file_that_is_not_sqlite_is_a_typed_error_naming_it()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.Combine("var", "lib", "rpm"));
        File.WriteAllText(dir.Combine("var", "lib", "rpm", "rpmdb.sqlite"), "this is not a database, just text long enough");
        var db = PackageDatabase.Open(new DirectoryFileTree(dir.Path));
        var e = Assert.Throws<InvalidDataException>(() => db.ReadPackages());
        Assert.StartsWith("/var/lib/rpm/rpmdb.sqlite: ", e.Message, StringComparison.Ordinal);
        Assert.Equal("/var/lib/rpm/rpmdb.sqlite", e.Data["FilePath"]);
    }

    [Fact]
    public void A_sqlite_file_without_a_packages_table_is_a_typed_error()
    {
        Requires.Tool("sqlite3");
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.Combine("var", "lib", "rpm"));
        Tool.Check("sqlite3", dir.Combine("var", "lib", "rpm", "rpmdb.sqlite"), "create table Other(x)");
        var e = Assert.Throws<InvalidDataException>(() => PackageDatabase.Open(new DirectoryFileTree(dir.Path)).ReadPackages());
        Assert.Contains("/var/lib/rpm/rpmdb.sqlite", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_corrupt_blob_in_the_database_names_the_file_and_header()
    {
        fixture.Require();
        using var dir = new TempDirectory();
        Tool.Check("cp", "-a", fixture.TreeA + "/.", dir.Path);
        var db = dir.Combine("usr", "lib", "sysimage", "rpm", "rpmdb.sqlite");
        Tool.Check("sqlite3", db, "update Packages set blob = substr(blob, 1, 100) where hnum = 2");
        var e = Assert.Throws<InvalidDataException>(() => PackageDatabase.Open(new DirectoryFileTree(dir.Path)).ReadPackages());
        Assert.Contains("/usr/lib/sysimage/rpm/rpmdb.sqlite: header #2: blob size", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_header_altered_after_build_fails_its_digest_and_names_the_package()
    {
        fixture.Require();
        using var dir = new TempDirectory();
        Tool.Check("cp", "-a", fixture.TreeA + "/.", dir.Path);
        var db = dir.Combine("usr", "lib", "sysimage", "rpm", "rpmdb.sqlite");

        // Same length, same structure: only the summary text inside the immutable region changes.
        var hex = Tool.Check("sqlite3", db, "select hex(blob) from Packages where instr(blob, cast('fx-gone' as blob)) > 0").Trim();
        var altered = hex.Replace(Convert.ToHexString("fixture fx-gone"u8), Convert.ToHexString("fixturE fx-gone"u8), StringComparison.Ordinal);
        Assert.NotEqual(hex, altered);
        Tool.Check("sqlite3", db, $"update Packages set blob = x'{altered}' where instr(blob, cast('fx-gone' as blob)) > 0");
        var e = Assert.Throws<InvalidDataException>(() => PackageDatabase.Open(new DirectoryFileTree(dir.Path)).ReadPackages());
        Assert.Contains("package 'fx-gone'", e.Message, StringComparison.Ordinal);
        var lenient = new RpmDatabase(new DirectoryFileTree(dir.Path), PackageDatabase.Detect(new DirectoryFileTree(dir.Path))[0]) { VerifyHeaderDigests = false };
        Assert.Equal(3, lenient.ReadPackages().Count);
    }
}
