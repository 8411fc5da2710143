#!/usr/bin/env python3
"""Writes the hostile-input corpus (gvariant/, rpm/, dpkg/, http/) deterministically; see README.md.

Run from anywhere: python3 tests/corpus/build.py. Entries that fuzzing found are kept in */found-*.* and are not
touched here. Every file written here must be refused by its parser with a typed error (the tests check it).
"""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
CSUM = bytes(range(32))
CSUM2 = bytes(range(1, 33))


def write(path, data):
    full = os.path.join(HERE, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


# --- a small GVariant serializer (normal form) for the types ostree uses --------------------------------------

def fixed_size(t):
    if t in ("y", "b"):
        return 1
    if t == "u":
        return 4
    if t == "t":
        return 8
    if isinstance(t, tuple) and t[0] in ("(", "{"):
        members = t[1]
        sizes = [fixed_size(m) for m in members]
        if any(s is None for s in sizes):
            return None
        off = 0
        for m, s in zip(members, sizes):
            off = pad(off, align(m)) + s
        return pad(off, align(t)) if off else 1
    return None


def align(t):
    if t in ("y", "b", "s"):
        return 1
    if t == "u":
        return 4
    if t in ("t", "v"):
        return 8
    if isinstance(t, tuple) and t[0] == "a":
        return align(t[1])
    if isinstance(t, tuple) and t[0] in ("(", "{"):
        return max([align(m) for m in t[1]] + [1])
    raise ValueError(t)


def pad(n, a):
    return (n + a - 1) // a * a


def offset_size(body, count):
    for size, limit in ((1, 0xFF), (2, 0xFFFF), (4, 0xFFFFFFFF)):
        if body + count * size <= limit:
            return size
    return 8


def offsets(values, size):
    fmt = {1: "<B", 2: "<H", 4: "<I", 8: "<Q"}[size]
    return b"".join(struct.pack(fmt, v) for v in values)


def ser(t, v):
    if t in ("y", "b"):
        return bytes([v])
    if t == "u":
        return struct.pack("<I", v)
    if t == "t":
        return struct.pack("<Q", v)
    if t == "s":
        return (v if isinstance(v, bytes) else v.encode()) + b"\0"
    if t == "v":
        vt, vv, sig = v
        return ser(vt, vv) + b"\0" + sig.encode()
    if isinstance(t, tuple) and t[0] == "a":
        et = t[1]
        if et == "y":
            return bytes(v)
        out = b""
        ends = []
        for e in v:
            out += b"\0" * (pad(len(out), align(et)) - len(out))
            out += ser(et, e)
            ends.append(len(out))
        if fixed_size(et) is not None or not v:
            return out
        return out + offsets(ends, offset_size(len(out), len(ends)))
    if isinstance(t, tuple) and t[0] in ("(", "{"):
        members = t[1]
        out = b""
        ends = []
        for i, (m, e) in enumerate(zip(members, v)):
            out += b"\0" * (pad(len(out), align(m)) - len(out))
            out += ser(m, e)
            if fixed_size(m) is None and i < len(members) - 1:
                ends.append(len(out))
        if fixed_size(t) is not None:
            return out + b"\0" * (pad(len(out), align(t)) - len(out))
        return out + offsets(list(reversed(ends)), offset_size(len(out), len(ends)))
    raise ValueError(t)


AY = ("a", "y")
SAY = ("(", ["s", AY])
SAYAY = ("(", ["s", AY, AY])
DIRTREE = ("(", [("a", SAY), ("a", SAYAY)])
ASV = ("a", ("{", ["s", "v"]))
COMMIT = ("(", [ASV, AY, ("a", SAY), "s", "s", "t", AY, AY])
DIRMETA = ("(", ["u", "u", "u", ("a", ("(", [AY, AY]))])


def dirtree(files=(), dirs=()):
    return ser(DIRTREE, [[(n, c) for n, c in files], [(n, c, m) for n, c, m in dirs]])


def commit(metadata=(), parent=b"", subject="s", tree=CSUM, meta=CSUM2):
    return ser(COMMIT, [list(metadata), parent, [], subject, "", struct.unpack("<Q", struct.pack(">Q", 1))[0], tree, meta])


def dirmeta(uid=0, gid=0, mode=0o40755, xattrs=()):
    be = lambda x: struct.unpack("<I", struct.pack(">I", x))[0]
    return ser(DIRMETA, [be(uid), be(gid), be(mode), list(xattrs)])


def gvariant():
    ok_tree = dirtree([("a", CSUM)], [("d", CSUM, CSUM2)])
    bad = {
        "dirtree/name-dotdot": dirtree([("..", CSUM)]),
        "dirtree/name-dot": dirtree([(".", CSUM)]),
        "dirtree/name-slash": dirtree([("/", CSUM)]),
        "dirtree/name-with-slash": dirtree([("a/b", CSUM)]),
        "dirtree/name-empty": dirtree([("", CSUM)]),
        "dirtree/name-embedded-nul": dirtree([(b"a\0b", CSUM)]),
        "dirtree/name-not-utf8": dirtree([(b"\xff\xfe", CSUM)]),
        "dirtree/dir-name-dotdot": dirtree([], [("..", CSUM, CSUM2)]),
        "dirtree/dir-name-with-slash": dirtree([], [("../../etc", CSUM, CSUM2)]),
        "dirtree/duplicate-file": dirtree([("a", CSUM), ("a", CSUM2)]),
        "dirtree/unsorted-files": dirtree([("b", CSUM), ("a", CSUM2)]),
        "dirtree/file-and-dir-same-name": dirtree([("a", CSUM)], [("a", CSUM, CSUM2)]),
        "dirtree/checksum-31-bytes": dirtree([("a", CSUM[:31])]),
        "dirtree/checksum-empty": dirtree([("a", b"")]),
        "dirtree/dir-meta-checksum-33-bytes": dirtree([], [("d", CSUM, CSUM2 + b"x")]),
        "dirtree/tuple-offset-out-of-range": ok_tree[:-1] + b"\xf0",
        "dirtree/tuple-offset-zero-then-garbage": ok_tree[:-1] + b"\x00",
        "dirtree/truncated": ok_tree[: len(ok_tree) // 2],
        "dirtree/string-not-terminated": ser(DIRTREE, [[("a", CSUM)], []]).replace(b"a\0", b"ab", 1),
    }
    two = ser(("a", SAY), [("a", CSUM), ("b", CSUM)])
    # The files array's two end offsets sit at its end: make the second end before the first (overlap).
    overlapping = two[:-2] + bytes([two[-1], two[-2]])
    bad["dirtree/array-offsets-overlap"] = overlapping + ser(("a", SAYAY), []) + bytes([len(overlapping)])
    beyond = two[:-1] + b"\xfe"
    bad["dirtree/array-offset-beyond-end"] = beyond + bytes([len(beyond)])

    ok_commit = commit()
    bad.update({
        "commit/parent-31-bytes": commit(parent=CSUM[:31]),
        "commit/root-tree-empty": commit(tree=b""),
        "commit/root-meta-1-byte": commit(meta=b"\x01"),
        "commit/truncated": ok_commit[: len(ok_commit) // 2],
        "commit/offset-out-of-range": ok_commit[:-1] + b"\xff",
        "commit/offsets-backwards": ok_commit[:-2] + bytes([ok_commit[-1], ok_commit[-2]]) if ok_commit[-1] != ok_commit[-2] else ok_commit[:-2] + b"\x50\x10",
        "commit/subject-not-terminated": ok_commit.replace(b"s\0", b"ss", 1),
        "commit/metadata-variant-type-nesting-10000": commit([("x", (AY, [], "a" * 10000 + "y"))]),
        "commit/metadata-variant-type-garbage": commit([("x", ("y", 1, "(((("))]),
    })
    meta = ser(ASV, [("a", ("y", 1, "y")), ("b", ("y", 2, "y"))])
    # Swap the a{sv}'s two end offsets (the second entry would end before the first) and splice it into a commit.
    meta = meta[:-2] + bytes([meta[-1], meta[-2]])
    bad["commit/metadata-dict-offset-overlap"] = splice_first_member(commit(), meta)
    bad.update({
        "dirmeta/mode-not-directory": dirmeta(mode=0o100644),
        "dirmeta/mode-with-garbage-bits": dirmeta(mode=0o77740755),
        "dirmeta/truncated": dirmeta()[:7],
        "dirmeta/xattr-name-not-terminated": dirmeta(xattrs=[(b"user.a", b"1")]),
    })
    for name, data in bad.items():
        write("gvariant/" + name + ".gvariant", data)
    # libostree accepts any name but "", ".", ".." and one with "/" in a dirtree; checkout refuses what the
    # filesystem cannot hold. The repositories class (HostileRepositories.cs) checks out this one.
    write("trees/name-absurd-length.gvariant", dirtree([("x" * 70000, CSUM)]))


def splice_first_member(tuple_bytes, member):
    """Replaces the (empty) first member of a commit tuple with `member`, fixing the framing offsets (1-byte)."""
    n = 6
    offs = list(tuple_bytes[-n:])
    body = tuple_bytes[:-n]
    first_end = offs[-1]
    shift = len(member) - first_end
    # Later members keep their alignment only if the shift is a multiple of 8.
    member += b"\0" * ((-shift) % 8)
    shift = len(member) - first_end
    new_body = member + body[first_end:]
    new_offs = [o + shift for o in offs]
    return new_body + bytes(new_offs)


# --- rpm header blobs (without the 8-byte magic) -------------------------------------------------------------

def rpm_blob(entries, data, il=None, dl=None):
    head = struct.pack(">II", len(entries) if il is None else il, len(data) if dl is None else dl)
    return head + b"".join(struct.pack(">iIiI", *e) for e in entries) + data


def rpm():
    name = b"pkg\0"
    region = lambda off, count=16: (63, 7, off, count)  # HEADERIMMUTABLE, BIN
    trailer = lambda neg: struct.pack(">iIiI", 63, 7, neg, 16)
    cases = {
        "tag-count-huge": rpm_blob([], b"", il=0xFFFFFFF0),
        "data-length-huge": rpm_blob([], b"", dl=0x7FFFFFF0),
        "size-mismatch": rpm_blob([(1000, 6, 0, 1)], name) + b"extra",
        "no-tags": rpm_blob([], b""),
        "region-offset-beyond-data": rpm_blob([region(1000), (1000, 6, 0, 1)], name + b"\0" * 16),
        "region-count-wrong": rpm_blob([region(4, 8), (1000, 6, 0, 1)], name + trailer(-32)),
        "region-trailer-negative-offset-out-of-range": rpm_blob([region(4), (1000, 6, 0, 1)], name + trailer(-0x7FFFFFF0)),
        "region-trailer-positive-offset": rpm_blob([region(4), (1000, 6, 0, 1)], name + trailer(64)),
        "string-offset-beyond-data": rpm_blob([(1000, 6, 100, 1)], name),
        "string-not-terminated": rpm_blob([(1000, 6, 0, 1)], b"pkgX"),
        "string-negative-offset": rpm_blob([(1000, 6, -4, 1)], name),
        "int32-count-beyond-data": rpm_blob([(1001, 4, 0, 0x10000000)], b"\0" * 8),
        "int32-misaligned": rpm_blob([(1000, 6, 0, 1), (1001, 4, 1, 1)], b"x\0" + b"\0" * 6),
        "type-unknown": rpm_blob([(1000, 99, 0, 1)], name),
        "string-array-count-huge": rpm_blob([(1000, 8, 0, 0x7FFFFFFF)], name),
        "bin-count-zero": rpm_blob([(1000, 7, 0, 0)], name),
        "tags-unsorted-overlapping": rpm_blob([(1001, 4, 0, 1), (1000, 4, 0, 1)], b"\0" * 4),
    }
    for name_, data in cases.items():
        write("rpm/" + name_ + ".hdr", data)


# --- dpkg status files ----------------------------------------------------------------------------------------

def dpkg():
    ok = "Package: p\nStatus: install ok installed\nVersion: 1.0\nArchitecture: amd64\n"
    cases = {
        "field-without-colon": ok + "Garbage line\n",
        "continuation-before-field": " leading continuation\n" + ok,
        "no-package-field": "Status: install ok installed\nVersion: 1.0\nArchitecture: amd64\n",
        "package-name-with-space": ok.replace("Package: p", "Package: two words"),
        "package-name-dotdot-slash": ok.replace("Package: p", "Package: ../../etc/passwd"),
        "version-epoch-only": ok.replace("Version: 1.0", "Version: 1:"),
        "version-epoch-not-number": ok.replace("Version: 1.0", "Version: x:1.0"),
        "version-epoch-overflow": ok.replace("Version: 1.0", "Version: 99999999999999999999:1.0"),
        "status-bogus-word": ok.replace("install ok installed", "install ok bogus"),
        "status-two-words": ok.replace("install ok installed", "install installed"),
        "duplicate-field": ok + "Version: 2.0\n",
        "nul-in-field-name": ok.replace("Version", "Ver\0sion"),
        "empty-field-name": ok + ": value\n",
        "multi-arch-bogus": ok + "Multi-Arch: sometimes\n",
        "duplicate-package-same-arch": ok + "\n" + ok,
        "installed-without-version": "Package: p\nStatus: install ok installed\nArchitecture: amd64\n",
    }
    for name, text in cases.items():
        write("dpkg/" + name + ".status", text)


# --- HTTP responses -------------------------------------------------------------------------------------------
# Each file: first line the request path it answers ("*" for any path that does not exist in the valid remote,
# "config", "summary", "objects/*.commit", ...), then the raw response. A header "X-Corpus-Body: endless" makes the
# server follow the headers with bytes until the client hangs up.

def http():
    def resp(status, headers, body=b""):
        head = "HTTP/1.1 %s\r\n" % status + "".join("%s: %s\r\n" % h for h in headers) + "\r\n"
        return head.encode() + body

    cases = {
        "config-endless-body": ("config", resp("200 OK", [("Content-Length", "1099511627776"), ("X-Corpus-Body", "endless")])),
        "config-chunked-endless": ("config", resp("200 OK", [("Transfer-Encoding", "chunked"), ("X-Corpus-Body", "endless-chunks")])),
        "config-not-archive": ("config", resp("200 OK", [("Content-Length", "29")], b"[core]\nrepo_version=1\nmode=bare")),
        "config-binary-garbage": ("config", resp("200 OK", [("Content-Length", "8")], b"\0\xff\0\xfe[c]\0")),
        "summary-endless": ("summary", resp("200 OK", [("Content-Length", "1099511627776"), ("X-Corpus-Body", "endless")])),
        "summary-garbage": ("summary", resp("200 OK", [("Content-Length", "9")], b"\xff" * 9)),
        "commit-endless": ("objects/*.commit", resp("200 OK", [("Content-Length", "1099511627776"), ("X-Corpus-Body", "endless")])),
        "commit-wrong-object": ("objects/*.commit", resp("200 OK", [("Content-Length", str(len(commit())))], commit())),
        "commit-html": ("objects/*.commit", resp("200 OK", [("Content-Type", "text/html"), ("Content-Length", "20")], b"<html>gotcha</html>\n")),
        "dirtree-hostile-names": ("objects/*.dirtree", resp("200 OK", [("Content-Length", str(len(dirtree([("..", CSUM)]))))], dirtree([("..", CSUM)]))),
        "filez-endless": ("objects/*.filez", resp("200 OK", [("Content-Length", "1099511627776"), ("X-Corpus-Body", "endless")])),
        "filez-garbage": ("objects/*.filez", resp("200 OK", [("Content-Length", "16")], b"\0\0\0\x08" + b"\xff" * 12)),
        "redirect-loop": ("objects/*.commit", resp("302 Found", [("Location", "/loop"), ("Content-Length", "0")])),
        "redirect-to-file": ("objects/*.commit", resp("302 Found", [("Location", "file:///etc/passwd"), ("Content-Length", "0")])),
        "status-line-garbage": ("objects/*.commit", b"HTTX/9.9 abc\r\n\r\n"),
        "content-length-negative": ("objects/*.commit", resp("200 OK", [("Content-Length", "-5")])),
        "header-endless": ("objects/*.commit", b"HTTP/1.1 200 OK\r\nX-Corpus-Header: endless\r\n"),
        "ref-path-traversal": ("refs/heads/*", resp("200 OK", [("Content-Length", "17")], b"../../../etc/pwd\n")),
        "server-error-forever": ("objects/*.commit", resp("500 Internal Server Error", [("Content-Length", "0")])),
    }
    for name, (path, raw) in cases.items():
        write("http/" + name + ".http", path.encode() + b"\n" + raw)


gvariant()
rpm()
dpkg()
http()
