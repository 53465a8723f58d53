#!/usr/bin/env python3
"""Derive emle's character n-gram model of Kazakh from Lingua's language model.

Usage: ngrams.py MODELS_DIR > lexicon/sources/lingua-kk-ngrams.tsv

MODELS_DIR is the `models/` folder of the crate `lingua-kazakh-language-model`
(Apache-2.0), whose `unigrams.json.br` … `fivegrams.json.br` give, for each
n-gram of letters seen inside Kazakh words of web text, its probability
given its first n-1 letters (a fraction). The script writes one line per
n-gram: the n-gram and its cost, -ln of that probability with two decimals,
sorted by n-gram. Needs python3 with the `brotli` module. It is run only
when the source is regenerated (see regenerate.sh), never at build time.
"""

import json
import math
import sys

import brotli

NAMES = ["unigrams", "bigrams", "trigrams", "quadrigrams", "fivegrams"]


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    models = sys.argv[1]
    costs = {}
    for name in NAMES:
        with open(f"{models}/{name}.json.br", "rb") as f:
            model = json.loads(brotli.decompress(f.read()))
        for fraction, grams in model["ngrams"].items():
            num, den = (int(x) for x in fraction.split("/"))
            cost = -math.log(num / den)
            for gram in grams.split(" "):
                if gram and "\t" not in gram:
                    costs[gram] = cost
    out = sys.stdout
    out.write("# Character n-grams (1 to 5 letters) of Kazakh words and their costs:\n")
    out.write("# -ln P(last letter | the letters before it), two decimals.\n")
    out.write("# Derived from the crate lingua-kazakh-language-model 1.2.0 (Apache-2.0,\n")
    out.write("# see ../LICENSES.md) by import/ngrams.py.\n")
    for gram in sorted(costs):
        out.write(f"{gram}\t{costs[gram]:.2f}\n")


if __name__ == "__main__":
    main()
