#!/usr/bin/env python3
"""Derive emle's reviewable lexicon sources from two Debian packages.

Usage: import.py HUNSPELL_DIR TESSDATA_WORDLIST OUT_DIR

HUNSPELL_DIR holds kk_KZ.dic and kk_KZ.aff from Debian's `hunspell-kk`
(used under its MPL-1.1 option); TESSDATA_WORDLIST is the word list that
`dawg2wordlist` extracts from Debian's `tesseract-ocr-kaz` (Apache-2.0).
The script writes OUT_DIR/hunspell-kk.tsv and OUT_DIR/tesseract-kaz.txt.
It is run only when the sources are regenerated (see regenerate.sh), never
at build time. Its output is deterministic for the same input.
"""

import itertools
import os
import re
import sys
import unicodedata

BACK = set("аоұыэя")
FRONT = set("әеөүі")
VOWELS = set("аәеёиоөуұүыіэюя")
KAZ_SPECIFIC = set("әғқңөұүһі")
# Latin letters that hunspell-kk's name list uses in place of Cyrillic ones.
LATIN_FIX = str.maketrans({"A": "А", "I": "І", "i": "і", "a": "а", "e": "е",
                           "o": "о", "p": "р", "c": "с", "x": "х", "y": "у"})
UNVOICE = {"б": "п", "г": "к", "ғ": "қ"}
CYR_WORD = re.compile(r"^[а-яёәғқңөұүһі]+$")


def clean_line(s):
    return s.replace("\ufeff", "").strip()


def front_stem(s):
    """Harmony of a stem from its last unambiguous vowel (True = front)."""
    for ch in reversed(s):
        if ch in FRONT or ch == "и":
            return True
        if ch in BACK or ch in "уё":
            return False
    return False


def verb_candidates(vn):
    """Verb stems a dictionary verbal noun in -у/-ю can come from."""
    if vn.endswith("ю"):
        x = vn[:-1]
        return [x] if x.endswith("и") else [x + "й"]
    x = vn[:-1]
    if not x:
        return []
    if not any(ch in VOWELS for ch in x):
        # No verb stem is vowelless: the entry is the stem itself (ту → ту).
        return [vn]
    if x[-1] in VOWELS:
        return [x]
    # Consonant before -у: either a consonant stem (ал-у) or an ы/і stem
    # whose vowel fused with -у (оқы-у → оқу), or a stem in п/к/қ voiced
    # before the vowel (таб-у ← тап). Decided from evidence below.
    cands = [x, x + ("і" if front_stem(x) else "ы")]
    if x[-1] in UNVOICE:
        cands.append(x[:-1] + UNVOICE[x[-1]])
    return cands


def evidence(stem, forms):
    """How many distinguishing finite forms of `stem` the word list has."""
    f = front_stem(stem)
    a, y = ("е", "і") if f else ("а", "ы")
    g = "г" if f else "ғ"
    if stem[-1] in "ыі":
        base = stem[:-1]
        cands = [stem + "д" + y, stem + g + a + "н", base + "и" + "д" + y,
                 base + "итын" if not f else base + "итін", stem + "м" + a]
    else:
        t = "т" if stem[-1] in "кқпстфхцчшщ" else "д"
        q = ("к" if f else "қ") if stem[-1] in "кқпстфхцчшщ" else g
        # Only consonant-initial suffixes: vowel-initial ones cannot tell
        # тап from таб (табады belongs to both).
        cands = [stem + t + y, stem + q + a + "н"]
    return sum(1 for c in cands if c in forms)


def read_tesseract(path):
    """Lowercase Cyrillic forms, and the set of those only seen capitalised."""
    forms, lower_seen, cap_seen = set(), set(), set()
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            raw = unicodedata.normalize("NFC", clean_line(line))
            w = raw.lower()
            if CYR_WORD.match(w) and len(w) >= 2:
                forms.add(w)
                if raw[:1].isupper() and not raw.isupper():
                    cap_seen.add(w)
                elif raw == w:
                    lower_seen.add(w)
    return forms, cap_seen - lower_seen


VOICELESS = set("бвгғдкқпстфхһцчшщ")
SONORANT = set("йрулмнңжзию")


def suffix_forms(stem, kind):
    """A few distinctive inflected forms of a stem, for attestation counts."""
    f = front_stem(stem)
    a, y = ("е", "і") if f else ("а", "ы")
    last = stem[-1]
    vowel_final = last in VOWELS and last not in "иую"
    vless = last in VOICELESS
    g = ("к" if f else "қ") if vless else ("г" if f else "ғ")
    if kind == "n":
        pl = ("т" if vless else "д" if last in "лмнңжз" else "л") + a + "р"
        gen = ("т" if vless else "н" if vowel_final or last in "мнң" else "д") + y + "ң"
        dat = g + a
        loc = ("т" if vless else "д") + a
        abl = ("т" if vless else "н" if last in "мнң" else "д") + a + "н"
        ins = ("п" if vless else "б" if last in "жз" else "м") + "ен"
        p3 = ("с" + y) if vowel_final else y
        base = stem[:-1] + UNVOICE_INV.get(last, last) if last in "кқп" else stem
        return [stem + pl, stem + gen, stem + dat, stem + loc, stem + abl, stem + ins, base + p3]
    # verbal
    if vowel_final:
        if last in "ыі":
            b = stem[:-1]
            return [stem + g + a + "н", stem + "п", b + "иды" if not f else b + "иді",
                    b + ("итын" if not f else "итін"), stem + "м" + a + "д" + y, stem + "с" + a,
                    stem + "д" + y]
        return [stem + g + a + "н", stem + "п", stem + "йд" + y, stem + "йт" + y + "н",
                stem + "м" + a + "д" + y, stem + "с" + a, stem + "д" + y]
    neg = ("п" if vless else "б" if last in "мнңжз" else "м") + a
    base = stem[:-1] + UNVOICE_INV.get(last, last) if last in "кқп" else stem
    return [stem + g + a + "н", base + y + "п", base + a + "д" + y, base + a + "т" + y + "н",
            stem + neg + "д" + y, stem + "с" + a]


# Letters a Russian keyboard lacks, as typed there. ө and ә are left out: their
# look-alike pairs are mostly two real words (ерте/өрте, ел/өл, ан/ән).
TO_RUSSIAN = {"қ": ["к"], "ғ": ["г"], "ң": ["н"], "ұ": ["у"], "ү": ["у"], "і": ["и"], "һ": ["х"]}


def attested(w, classes, forms):
    """How many of a stem's distinctive forms (and itself) the word list has."""
    fs = set()
    if "n" in classes or "prop" in classes:
        fs |= set(suffix_forms(w, "n"))
    if "v" in classes:
        fs |= set(suffix_forms(w, "v"))
    return sum(1 for f in fs if f in forms) + (1 if w in forms else 0)


UNVOICE_INV = {"п": "б", "к": "г", "қ": "ғ"}
CONFUSIONS = [("н", "ң"), ("к", "қ"), ("г", "ғ"), ("у", "ү"), ("у", "ұ"), ("ү", "ұ"),
              ("о", "ө"), ("е", "ө"), ("ь", "ы"), ("ь", "ъ"), ("і", "и"), ("а", "ә"),
              ("э", "ә"), ("һ", "х"), ("ы", "і")]
CONF = {}
for x, y in CONFUSIONS:
    CONF.setdefault(x, []).append(y)
    CONF.setdefault(y, []).append(x)


def confusable(w, known, edits=2):
    """True if one or two OCR confusions (or a dropped і/ы) turn w into a known word."""
    if edits == 0:
        return False
    for i in range(len(w) + 1):
        for ins in "іы":
            v = w[:i] + ins + w[i:]
            if v in known or confusable(v, known, edits - 1):
                return True
        if i < len(w):
            for r in CONF.get(w[i], []):
                v = w[:i] + r + w[i + 1:]
                if v in known or confusable(v, known, edits - 1):
                    return True
    return False


def list_lines(path):
    """The entries of one of our list files: stripped lines, comments and blanks left out."""
    with open(path, encoding="utf-8") as fh:
        return [l.strip() for l in fh if l.strip() and not l.startswith("#")]


def looks_truncated(w, rows, forms):
    """True for an entry that is a longer entry cut before its last ы/і.

    Only endings no Kazakh word has count: a voiced б г ғ д (words devoice
    them: кітап, not кітаб), a doubled consonant, ш after a consonant or у
    (the agent suffix -шы/-ші cut), and a verb stem in с of a -сы/-сі verb.
    The word list must attest none of the entry's own inflections (forms of
    the longer entry do not count).
    """
    if w[:1].isupper() or len(w) < 3:
        return False
    longer = [w + v for v in "іы" if w + v in rows]
    if not longer:
        return False
    last, before = w[-1], w[-2]
    if not (last in "бгғд"
            or (last == before and last not in VOWELS)
            or (last == "ш" and (before not in VOWELS or before == "у"))
            or (rows[w] == {"v"} and last == "с")):
        return False
    own_forms = set()
    for kind in ("n", "v"):
        if kind in rows[w]:
            own_forms |= set(suffix_forms(w, kind))
    return not any(f in forms and not any(f.startswith(l) for l in longer) for f in own_forms)


# Two consonants that may begin a word: only loans begin so, with a stop or
# fricative before р, л or в (трамвай, плакат, квартал), с or ш before a
# consonant (стадион, штаб), or one of a few more Russian onsets.
LOAN_ONSETS = {"дж", "дз", "пс", "кн", "мр", "пн", "гн", "тк", "фт"}


def bad_onset(w):
    """True for a word that begins with two consonants no Kazakh word begins with.

    The dictionary lists pieces of words as entries (ктер, ндег, рлен), which
    begin so.
    """
    w = w.lower()
    if len(w) < 2 or w[0] in VOWELS or w[1] in VOWELS or w[1] in "ьъ" or w[0] in "ьъ":
        return False
    if w[0] in "бвгдзкпстфхцчшщ" and w[1] in "рлв":
        return False
    return w[0] not in "сш" and w[:2] not in LOAN_ONSETS


def suspicious(w):
    """Forms that break obvious Kazakh spelling patterns (likely OCR damage)."""
    native = any(ch in KAZ_SPECIFIC for ch in w)
    if native and ("ь" in w or "ъ" in w):
        return True
    # ү/ұ followed by a vowel of the other harmony row (қүрылыс, ұстіне).
    vs = [ch for ch in w if ch in VOWELS]
    for a, b in zip(vs, vs[1:]):
        if (a == "ү" and b in "ыа") or (a == "ұ" and b in "іе"):
            return True
    if re.search(r"[ьъ][бвгджзклмнпрстфхцчшщ]", w) and "ъ" in w:
        return True
    if re.search(r"(^|[^а-яё])[ьъ]|[аәеёиоөуұүыіэюя][ьъ]|[ьъ]{2}|[ьъ]$", w):
        return True
    if re.search(r"(.)\1\1", w):
        return True
    return False


def main():
    hdir, tess_path, out = sys.argv[1:4]
    forms, capitalised = read_tesseract(tess_path)

    rows = {}
    with open(os.path.join(hdir, "kk_KZ.dic"), encoding="utf-8") as fh:
        lines = [clean_line(l) for l in fh]
    entries = []
    for line in lines[1:]:
        word, _, flags = line.partition("/")
        word = unicodedata.normalize("NFC", word.translate(LATIN_FIX))
        if word:
            entries.append((word, flags))
    verbal_nouns = {w for w, flags in entries if flags.startswith("M")}
    for word, flags in entries:
        if not any(ch in VOWELS for ch in word.lower()):
            continue  # vowelless entries are abbreviations or noise
        if flags.startswith("M"):
            # жау beside жауу: the verbal noun is the longer one, and жау is
            # the verb stem itself, not a verbal noun of жа-.
            cands = [word] if word + "у" in verbal_nouns else verb_candidates(word)
            if len(cands) > 1:
                ev = [evidence(c, forms) for c in cands]
                best = max(range(len(cands)), key=lambda i: (ev[i], -i))
                cands = [cands[best]]
            if len(cands[0]) <= 2 and cands[0] != word and sum(
                    1 for f in set(suffix_forms(cands[0], "v")) if f in forms) < 3:
                # тау, бау, сау are nouns the .dic flags as verbal nouns:
                # a one- or two-letter verb stem needs attested verb forms.
                rows.setdefault(word, set()).add("n")
                continue
            for c in cands:
                rows.setdefault(c, set()).add("v")
                if c == word:
                    # су, ту: a one-syllable word in -у flagged as a verbal
                    # noun is also (mostly) a noun.
                    rows[c].add("n")
        elif word[:1].isupper():
            rows.setdefault(word, set()).add("prop")
        else:
            # Flagged (A..L) and unflagged entries are both nominal: the
            # unflagged ones end in к/қ/п, which the .aff cannot alternate.
            # Many verb stems are also listed this way (қайт, айрыл); they
            # get the verb class when the word list attests three of their
            # distinctive verb forms (two for verb-like endings: -ла, -да, -лан, -ыр…).
            w = word.lower()
            rows.setdefault(w, set()).add("n")
            need = 2 if re.search(r"([лдтр][аеыі]|[лдт][ае]н)$", w) else 3
            if len(w) > 2 and sum(1 for f in set(suffix_forms(w, "v")) if f in forms) >= need:
                rows[w].add("v")

    # Passives in -н of vowel-final verbs (қабылда-н-ды) are lexical: add the
    # stem with -н when the word list attests two of its forms.
    for w in sorted(rows):
        if "v" in rows[w] and w[-1] in "аәеоөұүэя":
            f = front_stem(w)
            a, y = ("е", "і") if f else ("а", "ы")
            cands = [w + "нд" + y, w + "н" + ("ген" if f else "ған"), w + "ну", w + "н" + a + "д" + y,
                     w + "н" + a + "т" + y + "н"]
            if sum(1 for c in cands if c in forms) >= 2:
                rows.setdefault(w + "н", set()).add("v")

    # Russian-keyboard spellings (казак for қазақ, орталык for орталық):
    # an entry without Kazakh letters whose Kazakh-letter counterpart is
    # also an entry, and whose forms the word list attests less often than
    # the counterpart's, is dropped. Words of
    # our own lists are never dropped.
    own = set()
    own_dir = os.path.join(out, "..", "own")
    for name in sorted(os.listdir(own_dir)):
        if name.endswith(".tsv"):
            own.update(l.split("\t")[0].lower() for l in list_lines(os.path.join(own_dir, name)))
    dropped = set()
    for v in sorted(rows):
        if not any(ch in KAZ_SPECIFIC for ch in v):
            continue
        opts = [TO_RUSSIAN.get(ch, [ch]) for ch in v]
        n = 1
        for o in opts:
            n *= len(o)
        if n > 64:
            continue
        for t in itertools.product(*opts):
            w = "".join(t)
            # Monosyllables need stronger evidence: су/сұ, у/ұ, шын/шың are
            # all words; кун, шин, ен are not.
            margin = 3 if sum(1 for ch in w if ch in VOWELS) < 2 else 1
            if w in rows and w not in own and attested(w, rows[w], forms) + margin <= attested(v, rows[v], forms):
                dropped.add(w)
    for w in dropped:
        del rows[w]

    # Misspellings in the dictionary itself (етқен, қүрастыр, қөресің): қ
    # and ғ go with back vowels, so one right before a front vowel is a
    # typo, which the correction search would offer for OCR damage.
    # Compounds across the harmony rows are listed as right.
    here = os.path.dirname(__file__)
    compounds = set(list_lines(os.path.join(here, "harmony-compounds.txt")))
    # Entries that are not words at all (suffix pieces: гі, ің), listed by hand.
    not_words = set()
    for l in list_lines(os.path.join(here, "not-words.txt")):
        word, _, cls = l.partition("\t")
        if word in rows and cls:
            rows[word].discard(cls)
        if word in rows and (not cls or not rows[word]):
            del rows[word]
            not_words.add(word)
    fragments = {w for w in rows if bad_onset(w) and w not in own}
    for w in fragments:
        del rows[w]
    misspelt = {w for w in rows
                if re.search("[қғ][еәіөүэ]", w.lower()) and w.lower() not in compounds | own}
    for w in misspelt:
        del rows[w]

    # Stems cut short in the dictionary (белг for белгі, себеб, бюджетт,
    # демеуш, батырс for the verb батырсы-): the longer stem is an entry too,
    # the short one ends in a way no Kazakh word ends, and the word list
    # attests none of its own forms. The correction search would offer them.
    truncated = {w for w in rows
                 if w not in own and looks_truncated(w, rows, forms)}
    for w in truncated:
        del rows[w]

    with open(os.path.join(out, "hunspell-kk.tsv"), "w", encoding="utf-8") as fh:
        fh.write("# Derived from Debian hunspell-kk (kk_KZ.dic/.aff), used under its\n"
                 "# MPL-1.1 option; see ../LICENSES.md. Regenerate with ../import/regenerate.sh.\n"
                 "# Columns: stem <TAB> classes (n = nominal, v = verb stem, prop = proper noun).\n")
        for w in sorted(rows):
            fh.write(f"{w}\t{','.join(sorted(rows[w]))}\n")

    curated = {w.lower() for w in rows}
    # What the dictionary had to drop is no word in the web list either.
    rejected = truncated | not_words | fragments
    # Stems missing from the dictionary (names, loanwords): a form of the
    # word list that is not a dictionary stem but has two attested nominal
    # inflections, and that no OCR confusion maps to a dictionary stem.
    weak_stems = {}
    for w in sorted(forms):
        if w in curated or w in rejected or len(w) < 3 or suspicious(w) or not any(ch in VOWELS for ch in w):
            continue
        if sum(1 for f in set(suffix_forms(w, "n")) if f in forms) < 2:
            continue
        if confusable(w, curated, 1):
            continue
        weak_stems[w] = "prop" if w in capitalised else "n"
    with open(os.path.join(out, "tesseract-kaz-stems.tsv"), "w", encoding="utf-8") as fh:
        fh.write("# Stems induced from Debian tesseract-ocr-kaz's word list (Apache-2.0); see\n"
                 "# ../LICENSES.md. Weak evidence: a form with two attested nominal\n"
                 "# inflections, not a dictionary stem nor one OCR confusion away from one.\n"
                 "# Columns: stem <TAB> class (n, prop = only seen capitalised).\n")
        for w in sorted(weak_stems):
            fh.write(f"{w}\t{weak_stems[w]}\n")
    kept = sorted(w for w in forms
                  if w not in curated and w not in rejected and len(w) >= 3
                  and any(ch in VOWELS for ch in w) and not suspicious(w))
    with open(os.path.join(out, "tesseract-kaz.txt"), "w", encoding="utf-8") as fh:
        fh.write("# Derived from Debian tesseract-ocr-kaz (kaz.traineddata word list,\n"
                 "# Apache-2.0); see ../LICENSES.md. Weak evidence: lowercased surface forms,\n"
                 "# spelling-pattern filtered. Regenerate with ../import/regenerate.sh.\n")
        for w in kept:
            fh.write(w + "\n")
    print(f"hunspell-kk: {len(rows)} stems ({len(dropped)} Russian-keyboard spellings, {len(misspelt)} misspellings, {len(truncated)} truncated stems, {len(fragments) + len(not_words)} pieces of words dropped); tesseract-kaz: {len(kept)} of {len(forms)} forms kept,"
          f" {len(weak_stems)} stems induced",
          file=sys.stderr)


if __name__ == "__main__":
    main()
