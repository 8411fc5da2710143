#!/usr/bin/env bash
# Times a whole-process pull of the debootstrap tree, ours against `ostree pull`, from the same archive repository
# served by the same nginx in the same run, into fresh repositories of the same mode (fsync on, the default).
# The published repository is written by `ostree commit` + `ostree summary -u` and cached.
# Needs root (debootstrap), ostree, nginx, hyperfine. Usage: benchmarks/compare-pull.sh [MODE…]  (default: archive bare-user)
# Ours is `otree pull` (16 requests in flight, PullOptions' default). Environment: RUNS (default 5), OSTREE_NET_CACHE.
# FS=loop puts the pulled-into repositories on a fresh ext4 with a journal on a loop device (see compare-commit.sh:
# the VM's journal-less disk makes inode allocation cost depend on what was deleted in the last minutes).
set -euo pipefail
cd "$(dirname "$0")/.."
modes=("${@:-archive bare-user}")
read -r -a modes <<<"${modes[*]}"
runs=${RUNS:-5}
for tool in ostree nginx hyperfine; do
  command -v "$tool" >/dev/null || [ -x "/usr/sbin/$tool" ] || { echo "compare-pull.sh: needs $tool" >&2; exit 77; }
done
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)

rootfs=$(benchmarks/fixtures/debootstrap.sh)
cache=${OSTREE_NET_CACHE:-/var/tmp/ostree-net-cache}
remote="$cache/pull-remote-debootstrap-archive"
if [ ! -f "$remote/.complete" ]; then
  rm -rf "$remote"
  ostree init --repo="$remote" --mode=archive
  ostree commit --repo="$remote" -b debian -s debootstrap "$rootfs" >/dev/null
  ostree summary -u --repo="$remote"
  touch "$remote/.complete"
fi

work=$(mktemp -d /var/tmp/compare-pull.XXXXXX)
nginx_pid=
loopdev=
cleanup() {
  [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null || true
  if [ -n "$loopdev" ]; then umount "$work/fs" 2>/dev/null || umount -l "$work/fs"; losetup -d "$loopdev" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

repos=$work
if [ "${FS:-}" = loop ]; then
  truncate -s 4G "$work/fs.img"
  mkfs.ext4 -q -F "$work/fs.img"
  loopdev=$(losetup --find --show "$work/fs.img")
  mkdir -p "$work/fs"
  mount "$loopdev" "$work/fs"
  repos=$work/fs
  echo "repositories on a fresh ext4 with a journal ($loopdev)"
fi

port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
mkdir -p "$work/nginx"
cat >"$work/nginx/nginx.conf" <<EOF
user root;
worker_processes 2;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $work/nginx;
    proxy_temp_path $work/nginx;
    fastcgi_temp_path $work/nginx;
    uwsgi_temp_path $work/nginx;
    scgi_temp_path $work/nginx;
    types { }
    default_type application/octet-stream;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 100000;
    server { listen 127.0.0.1:$port; root $remote; location / { } }
}
EOF
"$nginx_bin" -p "$work/nginx/" -c "$work/nginx/nginx.conf" -e "$work/nginx/error.log" -g 'daemon off;' &
nginx_pid=$!
for _ in $(seq 50); do curl -sf -o /dev/null "http://127.0.0.1:$port/config" 2>/dev/null && break; sleep 0.1; done
url="http://127.0.0.1:$port"

source benchmarks/fixtures/lib.sh
ours=$(otree_bin)  # NativeAOT, as installed; JIT=1 for the ordinary build

echo "Tree: $rootfs ($(find "$rootfs" -type f | wc -l) files, $(du -sh "$rootfs" | cut -f1)); published: $(du -sh "$remote" | cut -f1) archive"
echo "ostree $(ostree --version | sed -n 's/.*Version: //p' | tr -d "'"), $(nproc) cores, $runs runs"
for mode in "${modes[@]}"; do
  prep() { echo "rm -rf $repos/$1 && ostree init --repo=$repos/$1 --mode=$mode && ostree --repo=$repos/$1 remote add --no-gpg-verify m $url"; }
  hyperfine --style basic --runs "$runs" --export-markdown "$work/result-$mode.md" --export-json "$work/result-$mode.json" \
    --prepare "$(prep theirs) && sync" -n "ostree pull ($mode)" "ostree --repo=$repos/theirs pull m debian" \
    --prepare "$(prep ours) && sync" -n "otree pull ($mode)" "$ours --repo=$repos/ours pull m debian"
  cat "$work/result-$mode.md"
  # Medians: one slow run (another process on a shared machine) moves a mean of 9 a lot.
  python3 - "$work/result-$mode.json" <<'PY'
import json, statistics, sys
r = {x["command"]: statistics.median(x["times"]) for x in json.load(open(sys.argv[1]))["results"]}
(theirs, t), (ours, o) = list(r.items())
print(f"medians: {theirs} {t:.3f} s, {ours} {o:.3f} s ({t / o:.2f}x)")
PY
  # Both results must be complete and correct.
  ostree fsck --repo="$repos/ours" >/dev/null
  ostree fsck --repo="$repos/theirs" >/dev/null
  [ "$(ostree --repo="$repos/ours" rev-parse m:debian)" = "$(ostree --repo="$repos/theirs" rev-parse m:debian)" ]
  echo "fsck: both $mode repositories pass, same commit"
done
