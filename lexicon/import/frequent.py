#!/usr/bin/env python3
"""Derive emle's list of frequent Kazakh words from Tesseract's word bigrams.

Usage: frequent.py BIGRAMS > lexicon/sources/tesseract-kaz-frequent.tsv

BIGRAMS is the text form (`dawg2wordlist`) of `kaz.bigram-dawg` from the
legacy `kaz.traineddata` of tessdata 4.0.0 (Apache-2.0): about 38,000 pairs
of words that follow each other often in Kazakh web text, one pair a line.
The pairs come without counts, but a word that is part of many frequent
pairs is a frequent word (және is in 1,700, жылы in 300, жылғы in 47). The
script writes one line per word: the word, lowercased, and the number of
pairs it is part of, sorted by word. Only words of Cyrillic letters (and
inner hyphens) are kept: numbers come as `?` there. It is run only when the
source is regenerated (see regenerate.sh), never at build time.
"""

import re
import sys
from collections import Counter

WORD = re.compile(r"[а-яёәғқңөұүһі]+(?:-[а-яёәғқңөұүһі]+)*")

HEADER = """\
# Derived from the word bigrams (kaz.bigram-dawg) of the legacy
# kaz.traineddata of tessdata 4.0.0 (Apache-2.0); see ../LICENSES.md.
# word <TAB> number of frequent bigrams of Kazakh web text it is part of:
# a frequency class, not a count. Regenerate with ../import/regenerate.sh.
"""


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    counts = Counter()
    with open(sys.argv[1], encoding="utf-8") as f:
        for line in f:
            pair = line.split()
            if len(pair) != 2:
                continue
            for word in set(w.lower() for w in pair):
                if WORD.fullmatch(word):
                    counts[word] += 1
    sys.stdout.write(HEADER)
    for word in sorted(counts):
        sys.stdout.write(f"{word}\t{counts[word]}\n")


if __name__ == "__main__":
    main()
