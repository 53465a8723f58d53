#!/usr/bin/env bash
# Corpus-scale benchmark: `emle check` over many files, one and two threads.
# A benchmark, not a test.
#
#   benches/scale.sh [OCR_DEV_DIR] [FILES] [KB_PER_FILE]
#
# Generates FILES files (default 2000) of about KB_PER_FILE kilobytes
# (default 100, so ~200 MB) from the development corpus, mixing OCR lines of
# pairs.jsonl with clean lines, then checks the tree end to end with -j 1
# and -j 2 and prints files/s, MB/s, CPU time, peak memory and the speed-up.
set -euo pipefail
cd "$(dirname "$0")/.."

dev=${1:-../shared/corpus/ocr-dev}
files=${2:-2000}
kb=${3:-100}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 - "$dev" "$work/corpus" "$files" "$kb" <<'PY'
import json, os, sys
dev, out, files, kb = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
lines = []
with open(os.path.join(dev, "pairs.jsonl"), encoding="utf-8") as f:
    for rec in map(json.loads, f):
        lines.append(rec["ocr"])
with open(os.path.join(dev, "clean.txt"), encoding="utf-8") as f:
    clean = [l.rstrip("\n") for l in f if l.strip()]
mixed = [l for pair in zip(lines, clean * (len(lines) // len(clean) + 1)) for l in pair]
i = 0
for n in range(files):
    d = os.path.join(out, f"vol{n // 100:03d}")
    os.makedirs(d, exist_ok=True)
    size, chunk = 0, []
    while size < kb * 1000:
        line = mixed[i % len(mixed)]
        i += 1
        chunk.append(line)
        size += len(line.encode()) + 1
    with open(os.path.join(d, f"p{n:05d}.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(chunk) + "\n")
PY
bytes=$(du -sb "$work/corpus" | cut -f1)
echo "corpus: $files files, $(awk "BEGIN{printf \"%.1f\", $bytes/1e6}") MB"

cargo build --release --quiet
emle=${CARGO_TARGET_DIR:-target}/release/emle

# Best of RUNS runs (default 3) for each thread count: on a shared machine
# the fastest run is the one least disturbed by other work.
runs=${RUNS:-3}
run() {
  local j=$1 out="$work/time.txt" best=""
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %U %M" -o "$out" "$emle" check --isolated --format jsonl -j "$j" "$work/corpus" > /dev/null 2>&1 || true
    read -r secs user kib < <(tail -n 1 "$out")
    if [ -z "$best" ] || awk -v a="$secs" -v b="$best" 'BEGIN{exit !(a<b)}'; then
      best=$secs best_user=$user best_kib=$kib
    fi
  done
  awk -v j="$j" -v s="$best" -v u="$best_user" -v k="$best_kib" -v b="$bytes" -v f="$files" \
    'BEGIN{ printf "-j %s  %7.2f s  %6.2f s CPU  %8.1f files/s  %7.1f MB/s  %7.1f MB peak\n", j, s, u, f/s, b/1e6/s, k/1024 }'
  echo "$best" > "$work/j$j"
}
run 1
run 2
awk -v a="$(cat "$work/j1")" -v b="$(cat "$work/j2")" 'BEGIN{ printf "speed-up from 1 to 2 threads: %.2fx (best of %d runs each)\n", a/b, '"$runs"' }'
