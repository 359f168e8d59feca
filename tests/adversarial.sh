#!/usr/bin/env bash
# Runs the release binary on adversarial inputs, each under a time limit (1 second unless given), and
# prints, for each, how it ended (exit code; 124 = stopped by the limit), its wall time, its peak memory,
# and whether it left a temporary file or touched the memory that was there before. A case passes when
# it finishes, or fails or is stopped cleanly: no panic, no temporary file, the old memory intact.
# Needs GNU time (/usr/bin/time, Debian's package `time`). Not run by `cargo test` (it takes a minute).
# Usage: tests/adversarial.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
limit=${1:-1}
cargo build --quiet --release
bin=$PWD/target/release/alinea
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

# Inputs.
python3 - <<'EOF'
def write(name, text):
    with open(name, "w", encoding="utf-8") as f:
        f.write(text)
n = 1_000_000
write("words-en.txt", "Word. " * n)
write("words-es.txt", "Palabra. " * n)
write("words-en.sents", "Word.\n" * n)
write("words-es.sents", "Palabra.\n" * n)
write("sentence-10mb.txt", "word " * 2_000_000 + ".")
write("markers.txt", "1. " * 3_000_000)
write("abbreviations.txt", "U.S. " * 2_000_000)
write("quotes.txt", '"a" ' * 2_500_000)
write("parentheses.txt", "(" * 10_000_000)
write("newlines.txt", "\n" * 10_000_000)
write("inverted-es.txt", "¿¡" * 2_500_000)
write("one-es.txt", "Una frase.\n")
rows = ["en,es"] + [f"Sentence {i}.,Frase {i}." for i in range(n)]
write("rows.csv", "\n".join(rows) + "\n")
write("cell-10mb.csv", 'en,es\n"' + "word " * 2_000_000 + '",frase\n')
write("seg-10mb.tmx", '<tmx version="1.4"><header/><body><tu><tuv xml:lang="en"><seg>'
      + "word " * 2_000_000 + '</seg></tuv><tuv xml:lang="es"><seg>frase</seg></tuv></tu></body></tmx>')
write("tags.tmx", '<tmx version="1.4"><header/><body><tu><tuv xml:lang="en"><seg>'
      + '<ph x="1">&lt;b&gt;</ph>' * 1_000_000 + '</seg></tuv><tuv xml:lang="es"><seg>x</seg></tuv></tu></body></tmx>')
write("nesting.tmx", '<tmx version="1.4"><header/><body><tu><tuv xml:lang="en"><seg>'
      + "<hi>" * 1_000_000 + "x" + "</hi>" * 1_000_000
      + '</seg></tuv><tuv xml:lang="es"><seg>x</seg></tuv></tu></body></tmx>')
EOF

printf '%-44s %5s %8s %9s  %s\n' case exit seconds "peak MB" outputs
run() {
  local name=$1; shift
  rm -rf out && mkdir out && printf 'the old memory' > out/old.tmx
  local code=0
  /usr/bin/time -o time.txt -f '%e %M' timeout "$limit" "$@" >stdout.txt 2>stderr.txt || code=$?
  if grep -q panicked stderr.txt; then echo "PANIC in $name"; cat stderr.txt; exit 1; fi
  local left
  left=$(find out -name '.alinea-*' | wc -l)
  [ "$(cat out/old.tmx)" = 'the old memory' ] || { echo "$name: the old memory was changed"; exit 1; }
  [ "$left" = 0 ] || { echo "$name: $left temporary files left"; exit 1; }
  read -r secs kb < <(tail -n 1 time.txt)
  printf '%-44s %5s %8s %9.0f  %s\n' "$name" "$code" "$secs" "$((kb / 1024))" \
    "$(cd out && ls | grep -v '^old.tmx$' | tr '\n' ' ')"
}

run "segment 1M one-word sentences (6 MB)" "$bin" segment --lang en words-en.txt
run "segment one 10 MB sentence" "$bin" segment --lang en sentence-10mb.txt
run "segment '1. ' x 3M (list markers)" "$bin" segment --lang en markers.txt
run "segment 'U.S. ' x 2M" "$bin" segment --lang en abbreviations.txt
run "segment '\"a\" ' x 2.5M" "$bin" segment --lang en quotes.txt
run "segment '(' x 10M" "$bin" segment --lang en parentheses.txt
run "segment 10M newlines" "$bin" segment --lang en newlines.txt
run "segment '¿¡' x 2.5M (es)" "$bin" segment --lang es inverted-es.txt
run "align one 10 MB sentence with one sentence" "$bin" align sentence-10mb.txt one-es.txt -o out -q
run "align 1M one-word sentences a side (text)" "$bin" align words-en.txt words-es.txt -o out -q
run "align 1M one-word sentences a side (lines)" "$bin" align words-en.sents words-es.sents -o out -q
run "align 1M sentences with one sentence" "$bin" align words-en.sents one-es.txt -o out -q
run "build a CSV of 1M rows" "$bin" build rows.csv -o out/rows.tmx
run "build a CSV with a 10 MB cell" "$bin" build cell-10mb.csv -o out/cell.tmx
run "build a TMX with a 10 MB segment" "$bin" build seg-10mb.tmx -o out/seg.csv
run "build a TMX with 1M inline tags" "$bin" build tags.tmx -o out/tags.csv
run "build a TMX with elements nested 1M deep" "$bin" build nesting.tmx -o out/nesting.csv
