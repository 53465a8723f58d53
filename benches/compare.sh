#!/usr/bin/env bash
# Speed of `emle check` against hunspell and aspell on the same Kazakh text,
# in the same run. A benchmark, not a test: run it by hand on a quiet machine.
#
#   benches/compare.sh [CLEAN_TEXT] [MEGABYTES]
#
# Builds a file of about MEGABYTES (default 50) by repeating CLEAN_TEXT
# (default: the development corpus's clean.txt), then times, on one core:
#   emle check --format jsonl -j 1
#   hunspell -d kk_KZ -l          (Debian: hunspell, hunspell-kk)
#   aspell --lang=kk list         (Debian: aspell, aspell-kk)
# and prints MB/s (by wall time and by user CPU time, steadier on a busy
# machine), peak memory and the ratios, each from the fastest of RUNS runs
# (default 3; hunspell runs once). Start-up time is measured on empty
# input. Needs GNU time (/usr/bin/time).
set -euo pipefail
cd "$(dirname "$0")/.."

clean=${1:-../shared/corpus/ocr-dev/clean.txt}
mb=${2:-50}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

input="$work/input.txt"
while [ "$(stat -c %s "$input" 2>/dev/null || echo 0)" -lt $((mb * 1000000)) ]; do
  cat "$clean" >> "$input"
done
bytes=$(stat -c %s "$input")
echo "input: $(awk "BEGIN{printf \"%.1f\", $bytes/1e6}") MB ($clean repeated)"

cargo build --release --quiet
emle=${CARGO_TARGET_DIR:-target}/release/emle

# Runs a command on one core RUNS times (default 3; the fastest run is the
# one least disturbed by other work on a shared machine); prints
# "seconds user_seconds peak_kib" of the fastest.
runs=${RUNS:-3}
measure() {
  local out="$work/time.txt" best="" line
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %U %M" -o "$out" taskset -c 0 "$@" > /dev/null 2>&1 || true
    line=$(tail -n 1 "$out")
    if [ -z "$best" ] || awk -v a="${line%% *}" -v b="${best%% *}" 'BEGIN{exit !(a<b)}'; then
      best=$line
    fi
  done
  echo "$best"
}

report() {
  local name=$1 secs=$2 user=$3 kib=$4
  awk -v n="$name" -v s="$secs" -v u="$user" -v k="$kib" -v b="$bytes" \
    'BEGIN{ printf "%-28s %8.2f s %9.1f MB/s %9.1f MB/s user %8.1f MB peak\n", n, s, b/1e6/(s>0?s:0.001), b/1e6/(u>0?u:0.001), k/1024 }'
}

read -r e_s e_u e_k < <(measure "$emle" check --isolated --format jsonl -j 1 "$input")
report "emle check --format jsonl" "$e_s" "$e_u" "$e_k"

read -r z_s _ z_k < <(measure "$emle" check --isolated --format jsonl -j 1 /dev/null)
awk -v s="$z_s" -v k="$z_k" 'BEGIN{ printf "%-28s %8.3f s %23s %8.1f MB peak\n", "emle start-up (empty input)", s, "", k/1024 }'

ratio() {
  awk -v a="$1" -v b="$2" 'BEGIN{ printf "%.1f", (b>0?b:0.001)/(a>0?a:0.001) }'
}

# A checker without its Kazakh dictionary fails at once: that is no speed.
if command -v hunspell > /dev/null && echo сөз | hunspell -d kk_KZ -l > /dev/null 2>&1; then
  # hunspell is slow enough for one run to tell its speed.
  read -r h_s h_u h_k < <(runs=1 measure hunspell -d kk_KZ -l "$input")
  report "hunspell -d kk_KZ -l" "$h_s" "$h_u" "$h_k"
  echo "emle is $(ratio "$e_s" "$h_s")x the speed of hunspell ($(ratio "$e_u" "$h_u")x by user time)"
else
  echo "hunspell not installed (apt-get install hunspell hunspell-kk)"
fi
if command -v aspell > /dev/null && echo сөз | aspell --lang=kk list > /dev/null 2>&1; then
  read -r a_s a_u a_k < <(measure sh -c 'exec aspell --lang=kk list < "$1"' sh "$input")
  report "aspell --lang=kk list" "$a_s" "$a_u" "$a_k"
  echo "emle is $(ratio "$e_s" "$a_s")x the speed of aspell ($(ratio "$e_u" "$a_u")x by user time)"
else
  echo "aspell not installed (apt-get install aspell aspell-kk)"
fi
