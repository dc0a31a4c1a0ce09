#!/usr/bin/env bash
# Builds the real peer binaries from their Go modules into a per-user cache, keyed by version.
#
#   peers/build.sh                 build every peer `make test` needs that is not cached yet
#   peers/build.sh NAME...         build the named peers (e.g. api-syncagent, built only on request)
#   peers/build.sh --path NAME     print the directory that holds a peer's binaries
#
# peers/peers.json pins each peer; the tools module peers/NAME/ (go.mod `tool` lines and go.sum)
# carries the replaces the peer's own go.mod needs. A cached peer is skipped in milliseconds.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
cache=${KXP_PEERS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/kxp/peers}

# field NAME EXPR: a value from peers.json (EXPR is JavaScript over `p`, the peer's entry).
field() { node -e 'const p=require(process.argv[1])[process.argv[2]]; if(!p){console.error(`unknown peer: ${process.argv[2]}`);process.exit(2)} const v=('"$2"'); console.log(Array.isArray(v)?v.join("\n"):v??"")' "$here/peers.json" "$1"; }

dir_of() { echo "$cache/$1-$(field "$1" p.version)"; }

if [[ ${1:-} == --path ]]; then dir_of "$2"; exit 0; fi

# all_built NAME DIR: every binary peers.json lists for NAME is in DIR (a binary added to a pin rebuilds it).
all_built() {
  local bin
  while read -r bin; do [[ -x $2/$bin ]] || return 1; done < <(field "$1" 'Object.keys(p.binaries)')
}

# from_dir NAME OUT: copies NAME's binaries from the folder its fromDir variable names (unpacked
# release archives, say), checking the version each reports where peers.json says how (fromDir.versioned
# lists the binaries that can report one: kcp's cache-server has no --version). Returns 1 when the
# variable is not set.
from_dir() {
  local name=$1 out=$2 var src bin want got
  var=$(field "$name" 'p.fromDir?.env')
  [[ -n $var && -n ${!var:-} ]] || return 1
  src=${!var}
  echo "peers: taking $name from $var=$src"
  rm -rf "$out.tmp" && mkdir -p "$out.tmp"
  want=$(field "$name" 'p.fromDir.versionContains')
  mapfile -t versioned < <(field "$name" 'p.fromDir.versioned ?? Object.keys(p.binaries)')
  while read -r bin; do
    [[ -x $src/$bin ]] || { echo "peers: $var=$src has no executable $bin" >&2; exit 1; }
    if [[ -n $want && " ${versioned[*]} " == *" $bin "* ]]; then
      mapfile -t args < <(field "$name" 'p.fromDir.versionArgs')
      got=$("$src/$bin" "${args[@]}" 2>&1 | head -1)
      [[ $got == *"$want"* ]] || { echo "peers: $src/$bin reports \"$got\", not $want" >&2; exit 1; }
    fi
    cp "$src/$bin" "$out.tmp/$bin"
  done < <(field "$name" 'Object.keys(p.binaries)')
  rm -rf "$out" && mv "$out.tmp" "$out" && date -u +%FT%TZ > "$out/.complete"
  echo "peers: $name $(field "$name" p.version) taken from $src"
}

# cannot_build NAME: says why NAME cannot be built from modules here and what to do instead, then fails.
cannot_build() {
  local name=$1 var version
  var=$(field "$name" 'p.fromDir.env')
  version=$(field "$name" p.version)
  cat >&2 <<MSG
peers: cannot build $name $version from its Go module here: this machine's Go module proxy does not
serve github.com/kcp-dev/virtual-workspace-framework (at any version), which $name needs.
Take the binaries from a $name $version release instead ($(field "$name" 'p.fromDir.releases')):
unpack its linux archives of $(field "$name" 'Object.keys(p.binaries).join(", ")') (one each) into one folder, then run
  $var=<that folder> make peers
MSG
  exit 1
}

build() {
  local name=$1 version out start ldflags
  version=$(field "$name" p.version)
  out=$(dir_of "$name")
  if [[ -f $out/.complete ]] && all_built "$name" "$out"; then echo "peers: $name $version is cached ($out)"; return; fi
  from_dir "$name" "$out" && return
  local src=$here/$name mod=() external
  external=$(field "$name" 'p.fromDir?.env')
  if [[ -n $external ]]; then
    # Its tools module cannot carry a complete go.sum here (see README.md): resolve in a copy.
    src=$(mktemp -d) && cp -r "$here/$name/." "$src/" && mod=(-mod=mod)
  fi
  echo "peers: building $name $version; a cold build takes minutes on two cores ..."
  start=$(date +%s)
  ldflags=$(field "$name" p.ldflags)
  rm -rf "$out.tmp" && mkdir -p "$out.tmp"
  while IFS='=' read -r bin pkg; do
    [[ -n $bin ]] || continue
    if ! (cd "$src" && CGO_ENABLED=0 GONOSUMDB=github.com/kcp-dev \
      go build "${mod[@]}" -trimpath -ldflags "-s -w $ldflags" -o "$out.tmp/$bin" "$pkg" 2>"$out.tmp/go.err"); then
      tail -n 5 "$out.tmp/go.err" >&2
      [[ -n $external ]] && cannot_build "$name"
      exit 1
    fi
    echo "peers:   $bin built after $(( $(date +%s) - start ))s"
  done < <(field "$name" 'Object.entries(p.binaries).map(([b,k])=>`${b}=${k}`)')
  rm -f "$out.tmp/go.err"
  [[ -n $external ]] && rm -rf "$src"
  while IFS='=' read -r dest file; do
    [[ -n $dest ]] || continue
    moddir=$(cd "$here/$name" && go list -m -f '{{.Dir}}' "${file%%:*}")
    cp -r "$moddir/${file#*:}" "$out.tmp/$dest" && chmod -R u+w "$out.tmp/$dest"
  done < <(field "$name" 'Object.entries(p.files??{}).map(([d,s])=>`${d}=${s}`)')
  rm -rf "$out" && mv "$out.tmp" "$out" && date -u +%FT%TZ > "$out/.complete"
  echo "peers: $name $version done in $(( $(date +%s) - start ))s"
}

if (( $# )); then names=("$@"); else
  mapfile -t names < <(node -e 'for (const [n,p] of Object.entries(require(process.argv[1]))) if (!p.onRequest) console.log(n)' "$here/peers.json")
fi
for name in "${names[@]}"; do build "$name"; done
