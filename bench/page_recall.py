"""How much of a web page's story evbot keeps: word recall of stored sentences against a reference text.

It runs evbot's own HTML path on each ``*/source.html`` of a test-pages folder (read_file, to_page and the
sentence split, i.e. what ``evbot ingest page.html`` stores) and compares the stored sentences with the
page's ``expected.html`` (the reference article text), as multisets of lower-cased word tokens: recall is
the share of the reference's words that the stored sentences also have. A page is refused when evbot
would skip it (unreadable, or no article text left).

The pages are not shipped with evbot. Mozilla's Readability test pages fit:

    git --git-dir=$(path of a github:mozilla/readability clone) archive HEAD test/test-pages \\
        | tar -x -C /tmp/readability
    .venv/bin/python bench/page_recall.py /tmp/readability/test/test-pages            # every page
    .venv/bin/python bench/page_recall.py /tmp/readability/test/test-pages --first 40

It prints one line per page (recall and precision, or why it was refused) and a summary: pages stored and
refused, median recall, and how many pages fall under --low (default 70%); a refused page counts as 0%
recall. Precision, the share of the stored words that the reference has, shows what furniture got in (the
references themselves keep some: captions, credits, "Related:" links).
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import lxml.html

from knowledge.ingest import _sentences, read_file, to_page

# CJK characters count one by one (those scripts put no spaces between words); other words are runs. The
# measuring stick is the bench's own, not evbot's, so that older code can be measured with it too.
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
_WORD = re.compile(rf"[{_CJK}]|(?:(?![{_CJK}])[^\W_])+")


def words(text: str) -> Counter[str]:
    """Lower-cased word tokens of a text, NFKC-folded as evbot folds what it stores."""
    return Counter(_WORD.findall(unicodedata.normalize("NFKC", text).lower()))


def reference_words(expected: Path) -> Counter[str]:
    """The words of a reference article (a UTF-8 HTML fragment: as bytes, lxml would read it as Latin-1)."""
    return words(lxml.html.fromstring(expected.read_text("utf-8")).text_content())


def stored_words(source: Path) -> Counter[str]:
    """The words of the sentences evbot stores for a page; ValueError with the reason when it refuses it."""
    page, _ = to_page(read_file(source))
    sentences, _ = _sentences(page)
    if len(sentences) < 2 or not page.title:  # as Ingestor._build refuses an article
        raise ValueError("no article text left after removing page furniture")
    return words(" ".join(sentences))


def recall(reference: Counter[str], stored: Counter[str]) -> float:
    """Share of the reference's word occurrences that the stored text also has."""
    total = sum(reference.values())
    return sum(min(n, stored[w]) for w, n in reference.items()) / total if total else 1.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, help="a folder of page folders, each with source.html and expected.html")
    parser.add_argument("--first", type=int, default=0, help="only the first N pages, alphabetically (0: all)")
    parser.add_argument("--low", type=float, default=0.70, help="recall under which a page counts as low")
    args = parser.parse_args(argv)

    folders = sorted(
        p for p in args.folder.iterdir() if (p / "source.html").is_file() and (p / "expected.html").is_file()
    )
    if args.first:
        folders = folders[: args.first]
    if not folders:
        print(f"no */source.html with expected.html in {args.folder}", file=sys.stderr)
        return 2
    recalls: dict[str, float] = {}
    precisions: list[float] = []
    refused: dict[str, str] = {}
    print(f"{'page':48} {'recall':>7} {'precision':>9}")
    for folder in folders:
        reference = reference_words(folder / "expected.html")
        try:
            stored = stored_words(folder / "source.html")
        except ValueError as exc:
            refused[folder.name] = str(exc)
            recalls[folder.name] = 0.0  # a refused page keeps nothing
            print(f"{folder.name:48} refused: {exc}")
            continue
        recalls[folder.name] = recall(reference, stored)
        precisions.append(recall(stored, reference))
        print(f"{folder.name:48} {recalls[folder.name]:7.1%} {precisions[-1]:9.1%}")
    low = sorted(name for name, value in recalls.items() if value < args.low)
    print(f"\npages: {len(folders)}, stored: {len(folders) - len(refused)}, refused: {len(refused)}")
    print(
        f"median recall: {statistics.median(recalls.values()):.1%}; under {args.low:.0%}: {len(low)}"
        + (f" ({', '.join(low)})" if low else "")
    )
    if precisions:
        print(f"median precision (stored words found in the reference): {statistics.median(precisions):.1%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
