#!/usr/bin/env python3
"""The seed gate: on the OCR-damaged history text the project started from,
every damaged word the OCR error model issue names must get its correction
as the first suggestion, safe; `emle fix` must repair it; and a second
`emle check` must report none of them.

Usage: check-seed.py EMLE SEED
"""
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

# The damaged words of the seed and their corrections (the list; a
# suffix chain after an abbreviation is reported on its own: ОК-ніқ).
NAMED = {
    "Кенес": "Кеңес",
    "Кенестер": "Кеңестер",
    "кажет": "қажет",
    "қүрылысы": "құрылысы",
    "қүрылыста": "құрылыста",
    "керсетті": "көрсетті",
    "сьезі": "съезі",
    "осьндай": "осындай",
    "жартысьшда": "жартысында",
    "жөнівде": "жөнінде",
    "жылеы": "жылғы",
    "ніқ": "нің",
    "хауіпсіздік": "қауіпсіздік",
}


def check(emle, path):
    run = subprocess.run(
        [emle, "check", "--format", "json", str(path)],
        capture_output=True,
        text=True,
    )
    if run.returncode not in (0, 1):
        sys.exit(f"emle check failed on {path}: {run.stderr.strip()}")
    return json.loads(run.stdout)["diagnostics"]


def main():
    emle, seed = sys.argv[1], Path(sys.argv[2])
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "seed.txt"
        shutil.copyfile(seed, path)
        first = {}
        for d in check(emle, path):
            if d["text"] in NAMED and d["suggestions"]:
                first.setdefault(d["text"], d["suggestions"][0])
        for damaged, correction in NAMED.items():
            got = first.get(damaged)
            if got is None:
                failures.append(f"`{damaged}` is not reported")
            elif got["replacement"] != correction or got["applicability"] != "safe":
                failures.append(
                    f"`{damaged}`: first suggestion `{got['replacement']}` "
                    f"({got['applicability']}), expected `{correction}` (safe)"
                )
        subprocess.run([emle, "fix", str(path)], capture_output=True, check=False)
        left = {d["text"] for d in check(emle, path) if d["code"] == "unknown-word"}
        for damaged in NAMED:
            if damaged in left:
                failures.append(f"`{damaged}` is still an unknown word after `emle fix`")
    if failures:
        print("seed gate failed:", *failures, sep="\n  ", file=sys.stderr)
        sys.exit(1)
    print(f"seed: all {len(NAMED)} named damaged words corrected first, safe, and fixed")


if __name__ == "__main__":
    main()
