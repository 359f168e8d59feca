#!/usr/bin/env bash
# Renders the review page of the sample in headless Chromium and saves a screenshot, to look at the page as
# a reviewer sees it. Needs Debian's chromium (apt-get install chromium). Not run by `cargo test`.
# Usage: tests/review-screenshot.sh [OUT.png]
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-review.png}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cargo run --quiet --release -- align en es -o "$work/memory" --report "$work/review.html" --quiet
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --user-data-dir="$work/profile" \
  --screenshot="$out" --window-size=1280,1500 "file://$work/review.html" 2>/dev/null
echo "screenshot: $out"
