#!/usr/bin/env bash
# Speed of suggestions for damaged words, against hunspell, on the same
# words in the same run. A benchmark, not a test: run it on a quiet machine.
#
#   benches/suggest.sh [PAIRS_JSONL] [WORDS]
#
# Takes the distinct OCR tokens of PAIRS_JSONL (default: the development
# corpus's pairs.jsonl) that differ from their aligned clean token, up to
# WORDS of them (default 10000), one per line. When the pairs have fewer,
# the rest are words of their clean side damaged as an OCR model without
# the Kazakh letters reads them (each Kazakh letter replaced by one of its
# look-alikes in lexicon/unlettered.tsv, not its seldom misreadings, chosen
# by a seeded random draw).
# Times on one core:
#   emle check --format jsonl -j 1     (detection and ranked suggestions)
#   hunspell -d kk_KZ -a               (Debian: hunspell, hunspell-kk)
# Prints seconds, microseconds per word and the ratio, emle's from the
# fastest of RUNS runs (default 3; hunspell runs once). Needs python3 and
# GNU time (/usr/bin/time).
set -euo pipefail
cd "$(dirname "$0")/.."

pairs=${1:-../shared/corpus/ocr-dev/pairs.jsonl}
limit=${2:-10000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

words="$work/words.txt"
python3 - "$pairs" "$limit" > "$words" 2> "$work/counts" <<'PY'
import json, random, re, sys
path, limit = sys.argv[1], int(sys.argv[2])
strip = lambda w: re.sub(r"^\W+|\W+$", "", w)
seen = []
known = set()
for line in open(path, encoding="utf-8"):
    rec = json.loads(line)
    clean = set(strip(w) for w in rec["clean"].split())
    for w in rec["ocr"].split():
        w = strip(w)
        if w and w not in clean and w not in known and re.search(r"[а-яәіңғүұқөһА-ЯӘІҢҒҮҰҚӨҺ]", w):
            known.add(w)
            seen.append(w)
real = seen[:limit]
# Top up with clean words damaged as a Russian-model reading damages them.
readings = {}
for row in open("lexicon/unlettered.tsv", encoding="utf-8"):
    if row.startswith("#") or not row.strip():
        continue
    letter, ocr, kind = row.rstrip("\n").split("\t")[:3]
    # Look-alikes only: seldom misreadings are not how such a page mostly reads.
    if kind != "seldom":
        readings.setdefault(letter, []).append(ocr)
rng = random.Random(0)
def misread(c):
    looks = readings.get(c.lower())
    if looks is None:
        return c
    m = rng.choice(looks)
    return m.upper() if c.isupper() else m
made = []
for line in open(path, encoding="utf-8"):
    if len(real) + len(made) >= limit:
        break
    for w in json.loads(line)["clean"].split():
        w = strip(w)
        damaged = "".join(misread(c) for c in w)
        if damaged != w and damaged not in known and len(real) + len(made) < limit:
            known.add(damaged)
            made.append(damaged)
for w in real + made:
    print(w)
print(f"{len(real)} {len(made)}", file=sys.stderr)
PY
n=$(wc -l < "$words")
echo "words: $n distinct damaged words from $pairs: $(cut -d' ' -f1 "$work/counts") OCR tokens, $(cut -d' ' -f2 "$work/counts") clean words damaged as above"

cargo build --release --quiet
emle=${CARGO_TARGET_DIR:-target}/release/emle

# Runs a command on one core $1 times (the fastest run is the one least
# disturbed by other work on a shared machine); prints its "seconds".
measure() {
  local runs=$1 out="$work/time.txt" best="" secs
  shift
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e" -o "$out" taskset -c 0 "$@" > "$work/out.txt" 2>/dev/null || true
    secs=$(tail -n 1 "$out")
    if [ -z "$best" ] || awk -v a="$secs" -v b="$best" 'BEGIN{exit !(a<b)}'; then
      best=$secs
    fi
  done
  echo "$best"
}

report() {
  awk -v name="$1" -v s="$2" -v n="$n" \
    'BEGIN{ printf "%-30s %7.2f s %9.1f us/word\n", name, s, (n>0 ? s*1e6/n : 0) }'
}

e_s=$(measure "${RUNS:-3}" "$emle" check --isolated --format jsonl -j 1 "$words")
report "emle check --format jsonl" "$e_s"
flagged=$(wc -l < "$work/out.txt")
echo "  ($flagged findings, each with up to 5 ranked suggestions)"

if command -v hunspell > /dev/null && echo сөз | hunspell -d kk_KZ -l > /dev/null 2>&1; then
  h_s=$(measure 1 sh -c "hunspell -d kk_KZ -a < '$words'")
  report "hunspell -d kk_KZ -a" "$h_s"
  awk -v e="$e_s" -v h="$h_s" \
    'BEGIN{ printf "emle is %.1fx the speed of hunspell -a\n", (e>0 ? h/e : 0) }'
else
  echo "hunspell not installed (apt-get install hunspell hunspell-kk)"
fi
