"""How long `evbot` takes to answer short commands, start to exit: what a user waits for at the prompt.

    .venv/bin/python bench/cli_startup.py                    # the installed code
    .venv/bin/python bench/cli_startup.py --src /tmp/before  # another checkout, first on PYTHONPATH

Each command runs --runs times over a store seeded with the sample articles (created first, not timed),
the two codes interleaved when --src is given so that a busy machine slows both alike. Prints the median
and the fastest run of each command in milliseconds.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

COMMANDS = (["--help"], ["--version"], ["deals", "--help"], ["deals"], ["feeds", "list"], ["ask", "alibaba ford?"])
LAUNCH = "from adapters.cli import main; main()"


def timed(src: str | None, db: Path, args: list[str]) -> float:
    env = {**os.environ, "EVBOT_DB": str(db)}
    if src:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [src, env.get("PYTHONPATH")]))
    start = time.perf_counter()
    # Run from the store's folder: `python -c` puts the working folder first on sys.path.
    subprocess.run([sys.executable, "-c", LAUNCH, *args], env=env, cwd=db.parent, capture_output=True, check=False)
    return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--src", help="a checkout to compare with (goes first on PYTHONPATH)")
    options = parser.parse_args()
    codes = {"installed": None, **({f"--src {options.src}": options.src} if options.src else {})}
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "kb.json"
        timed(None, db, ["deals"])  # seeds the store and saves its index
        print(f"| command | {' | '.join(f'{name} median (fastest) ms' for name in codes)} |")
        print(f"| --- | {' | '.join('---:' for _ in codes)} |")
        for args in COMMANDS:
            runs: dict[str, list[float]] = {name: [] for name in codes}
            for _ in range(options.runs):
                for name, src in codes.items():
                    runs[name].append(timed(src, db, args))
            cells = (f"{statistics.median(r):.0f} ({min(r):.0f})" for r in runs.values())
            print(f"| `evbot {' '.join(args)}` | {' | '.join(cells)} |")


if __name__ == "__main__":
    main()
