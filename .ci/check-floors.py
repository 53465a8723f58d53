"""Compare measured figures (JSON files from `emle eval`) with quality-floors.toml.

Usage: check-floors.py FLOORS.toml DIR   (DIR holds SECTION.json per section)
Prints one line per figure and exits 1 when any figure is worse than its floor.
"""
import json
import sys
import tomllib
from pathlib import Path


def lookup(data, dotted):
    for key in dotted.split("."):
        data = data[key]
    return float(data)


def main():
    floors = tomllib.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    results = Path(sys.argv[2])
    failed = 0
    checked = 0
    for section, entries in floors.items():
        measured = json.loads((results / f"{section}.json").read_text(encoding="utf-8"))
        tolerance = float(entries.get("tolerance", 0.0))
        for name, bound in entries.items():
            if name == "tolerance":
                continue
            value = lookup(measured, name)
            tol = float(bound.get("tolerance", tolerance))
            checked += 1
            if "min" in bound:
                ok = value >= bound["min"] - tol
                rule = f">= {bound['min']:.4f}"
            else:
                ok = value <= bound["max"] + tol
                rule = f"<= {bound['max']:.4f}"
            if not ok:
                failed += 1
            status = "ok  " if ok else "FAIL"
            print(f"{status} {section}.{name} = {value:.4f} (floor {rule}, tolerance {tol})")
    print(f"quality: {checked - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
