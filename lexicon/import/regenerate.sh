#!/bin/sh
# Regenerates lexicon/sources/ from Debian's hunspell-kk and tesseract-ocr-kaz,
# the crate lingua-kazakh-language-model and the legacy Kazakh model of
# tessdata 4.0.0 (as npm publishes it for tesseract.js).
# Needs: apt-get (Debian 12), dpkg-deb, python3 with the brotli module, curl,
# and the tesseract-ocr package (for combine_tessdata and dawg2wordlist). Run
# from the repository root: sh lexicon/import/regenerate.sh
set -eu
root=$(pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
apt-get download hunspell-kk tesseract-ocr-kaz
dpkg-deb -x hunspell-kk_*.deb hk
dpkg-deb -x tesseract-ocr-kaz_*.deb tk
mkdir tess
combine_tessdata -u tk/usr/share/tesseract-ocr/*/tessdata/kaz.traineddata tess/kaz. >/dev/null
dawg2wordlist tess/kaz.lstm-unicharset tess/kaz.lstm-word-dawg words.txt
python3 "$root/lexicon/import/import.py" hk/usr/share/hunspell words.txt "$root/lexicon/sources"
curl -sSfL https://crates.io/api/v1/crates/lingua-kazakh-language-model/1.2.0/download -o lingua.crate
tar xzf lingua.crate
python3 "$root/lexicon/import/ngrams.py" lingua-kazakh-language-model-1.2.0/models \
    > "$root/lexicon/sources/lingua-kk-ngrams.tsv"
# The legacy model (Debian ships only the LSTM one) has the word bigrams.
curl -sSfL https://registry.npmjs.org/@tesseract.js-data/kaz/-/kaz-1.0.0.tgz -o legacy.tgz
tar xzf legacy.tgz
gunzip -c package/4.0.0/kaz.traineddata.gz > legacy.traineddata
mkdir legacy
combine_tessdata -u legacy.traineddata legacy/kaz. >/dev/null
dawg2wordlist legacy/kaz.unicharset legacy/kaz.bigram-dawg bigrams.txt
python3 "$root/lexicon/import/frequent.py" bigrams.txt "$root/lexicon/sources"
