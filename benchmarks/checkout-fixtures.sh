#!/usr/bin/env bash
# Usage: checkout-fixtures.sh TREE MODE   (TREE: synthetic-N or debootstrap; MODE: an ostree repository mode)
# Prints "SOURCE_DIR REPO" for a repository of that mode holding the tree on ref "tree", committed once with the
# real `ostree commit` and cached under $OSTREE_NET_CACHE/checkout-repos (reused when its .complete marker exists).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/fixtures/lib.sh"
tree=$1 mode=$2
cache=$(cache_dir)
case "$tree" in
  synthetic-*)
    src="$cache/$tree"
    bash "$here/fixtures/synthetic-tree.sh" "${tree#synthetic-}" "$src" >&2 ;;
  debootstrap)
    src=$(bash "$here/fixtures/debootstrap.sh") ;;
  *) echo "unknown tree $tree" >&2; exit 2 ;;
esac
repo="$cache/checkout-repos/$tree-$mode"
if [ ! -f "$repo/.complete" ]; then
  rm -rf "$repo"
  mkdir -p "$(dirname "$repo")"
  ostree init --repo="$repo" --mode="$mode"
  # bare-user-only cannot hold setuid bits or foreign owners; canonicalize as libostree's users do.
  extra=()
  [ "$mode" = bare-user-only ] && extra=(--canonical-permissions)
  ostree commit --repo="$repo" -b tree --no-bindings -s "$tree" "${extra[@]}" "$src" >/dev/null
  touch "$repo/.complete"
fi
echo "$src $repo"
