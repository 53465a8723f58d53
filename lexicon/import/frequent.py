#!/usr/bin/env python3
"""Derive emle's frequent Kazakh words and word pairs from Tesseract's bigrams.

Usage: frequent.py BIGRAMS lexicon/sources

BIGRAMS is the text form (`dawg2wordlist`) of `kaz.bigram-dawg` from the
legacy `kaz.traineddata` of tessdata 4.0.0 (Apache-2.0): about 38,000 pairs
of words that follow each other often in Kazakh web text, one pair a line.
The pairs come without counts, but a word that is part of many frequent
pairs is a frequent word (және is in 1,700, жылы in 300, жылғы in 47). The
script writes `tesseract-kaz-frequent.tsv`, one line per word: the word,
lowercased, and the number of pairs it is part of, sorted by word; and
`tesseract-kaz-pairs.tsv`, the pairs of two such words, lowercased and
sorted. Only words of Cyrillic letters (and inner hyphens) are kept: numbers
come as `?` there. It is run only when the source is regenerated (see
regenerate.sh), never at build time.
"""

import re
import sys
from collections import Counter

WORD = re.compile(r"[а-яёәғқңөұүһі]+(?:-[а-яёәғқңөұүһі]+)*")

ORIGIN = """\
# Derived from the word bigrams (kaz.bigram-dawg) of the legacy
# kaz.traineddata of tessdata 4.0.0 (Apache-2.0); see ../LICENSES.md.
"""
WORDS_HEADER = ORIGIN + """\
# word <TAB> number of frequent bigrams of Kazakh web text it is part of:
# a frequency class, not a count. Regenerate with ../import/regenerate.sh.
"""
PAIRS_HEADER = ORIGIN + """\
# first word <TAB> second word: two words that often follow each other in
# Kazakh web text. Regenerate with ../import/regenerate.sh.
"""


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    bigrams, out = sys.argv[1], sys.argv[2]
    counts = Counter()
    pairs = set()
    with open(bigrams, encoding="utf-8") as f:
        for line in f:
            pair = line.split()
            if len(pair) != 2:
                continue
            first, second = (w.lower() for w in pair)
            for word in {first, second}:
                if WORD.fullmatch(word):
                    counts[word] += 1
            if WORD.fullmatch(first) and WORD.fullmatch(second):
                pairs.add((first, second))
    with open(f"{out}/tesseract-kaz-frequent.tsv", "w", encoding="utf-8") as f:
        f.write(WORDS_HEADER)
        for word in sorted(counts):
            f.write(f"{word}\t{counts[word]}\n")
    with open(f"{out}/tesseract-kaz-pairs.tsv", "w", encoding="utf-8") as f:
        f.write(PAIRS_HEADER)
        for first, second in sorted(pairs):
            f.write(f"{first}\t{second}\n")


if __name__ == "__main__":
    main()
