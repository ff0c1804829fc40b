#!/usr/bin/env bash
# Seeds fuzz/corpus/<target>/ from the samples and fixtures in the repository (small files
# only: anything over 20 KB is cut to its first 20 KB). Run it from anywhere; it only adds
# files (named by content hash, as libFuzzer names its own). Multi-file inputs (the OFAC set,
# the goods lists) are the files joined by a 0xFF byte, in the order the target splits them.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=fuzz/corpus

add() { # add TARGET FILE... : each file one seed
  local target=$1; shift
  mkdir -p "$corpus/$target"
  local f sum
  for f in "$@"; do
    [ -f "$f" ] || continue
    sum=$(head -c 20480 "$f" | sha1sum | cut -c1-40)
    head -c 20480 "$f" >"$corpus/$target/$sum"
  done
}

join_ff() { # join_ff FILE... : the files joined by 0xFF bytes, to stdout; stops at a missing one
  local first=1 f
  for f in "$@"; do
    if [ ! -f "$f" ]; then break; fi
    if [ $first = 0 ]; then printf '\377'; fi
    first=0
    cat "$f"
  done
}

add_joined() { # add_joined TARGET FILE...
  local target=$1; shift
  mkdir -p "$corpus/$target"
  local tmp sum
  tmp=$(mktemp)
  join_ff "$@" | head -c 40960 >"$tmp"
  sum=$(sha1sum <"$tmp" | cut -c1-40)
  mv "$tmp" "$corpus/$target/$sum"
}

fenced() { # fenced FILE LANG DIR : each ```LANG block of a Markdown file to its own file in DIR
  awk -v lang="$2" -v dir="$3" -v stem="$(basename "$1")" '
    $0 ~ "^[[:space:]]*```" lang "[[:space:]]*$" { inblock = 1; n++; next }
    inblock && $0 ~ "^[[:space:]]*```" { inblock = 0; next }
    inblock { sub(/^    /, ""); print > (dir "/" stem "-" n ".txt") }
  ' "$1"
}

csv_manifests=(sample-manifests/*.csv tests/fixtures/manifests/*.csv)
json_manifests=(sample-manifests/*.json tests/fixtures/manifests/*.json)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/json" "$tmp/toml" "$tmp/rustdoc"
fenced docs/manifest-json.md json "$tmp/json"
fenced README.md toml "$tmp/toml"
fenced docs/sources.md toml "$tmp/toml"
# the keymap example in src/tui/keymap.rs's module documentation
sed -n 's|^//! \{0,1\}||p' src/tui/keymap.rs >"$tmp/rustdoc/keymap.md"
fenced "$tmp/rustdoc/keymap.md" toml "$tmp/rustdoc"

add manifest_csv "${csv_manifests[@]}"
add manifest_json "${json_manifests[@]}" "$tmp"/json/*.txt
add manifest_detect "${csv_manifests[@]}" "${json_manifests[@]}" "$tmp"/json/*.txt

add list_csl tests/fixtures/csl/*
add list_un_xml tests/fixtures/un/*
add list_eu_csv tests/fixtures/eu/*.csv
add list_eu_xml tests/fixtures/eu/*.xml
add list_uk_ofsi tests/fixtures/uk/ConList.csv tests/fixtures/uk/ofsi_conlist_first30cols.csv
add list_uk_sanctions tests/fixtures/uk/UK-Sanctions-List.csv \
  tests/fixtures/uk/UK_Sanctions_List_reduced.csv
add list_bis_dpl tests/fixtures/dpl/*
add list_ftm tests/fixtures/ftm/*
add list_agency tests/fixtures/agency/* watchlists/agency/*.csv
add list_detect tests/fixtures/{agency,csl,dpl,eu,ftm,uk,un}/* watchlists/agency/*.csv \
  tests/fixtures/ofac/*.csv tests/fixtures/ofac_truncated/sdn.csv watchlists/ofac/*.csv
for dir in tests/fixtures/ofac watchlists/ofac tests/fixtures/ofac_truncated \
  tests/fixtures/ofac_delta/*; do
  add_joined list_ofac "$dir"/sdn.csv "$dir"/add.csv "$dir"/alt.csv "$dir"/sdn_comments.csv
done
add_joined goods watchlists/goods/hs_prefixes.csv watchlists/goods/keywords.csv \
  watchlists/goods/chemicals.csv

add sources_toml "$tmp"/toml/*.txt
add config_toml "$tmp"/toml/*.txt
add column_map sample-manifests/*.map.toml tests/fixtures/manifests/*.map.toml "$tmp"/toml/*.txt
add keymap "$tmp"/rustdoc/*.txt
add rule_pack src/screen/rules/builtin.toml
add_joined goods_reference tests/fixtures/reference/hs_sample.csv \
  tests/fixtures/reference/annex_sample.txt watchlists/goods/hs2017_to_2022.csv
add_joined exercise_bundle tests/fixtures/exercise/exercise.toml \
  tests/fixtures/exercise/answer-key.json tests/fixtures/exercise/exercise-session.json
printf '[keys]\nclaim = ["C", "ctrl-k"]\nquit = ["alt-q", "esc"]\n' >"$tmp/keys.toml"
add keymap "$tmp/keys.toml"

for d in "$corpus"/*/; do
  printf '%-20s %3d files %6d KB\n' "$(basename "$d")" "$(ls "$d" | wc -l)" "$(du -sk --apparent-size "$d" | cut -f1)"
done
