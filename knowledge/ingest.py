"""Ingestion: files, pages and feed entries become articles, sentences and deals.

Articles are written in batches (one store write each) because every TinyDB
write rewrites the whole file. An article already stored, by URL or by its
normalised text, changes nothing.
"""

from __future__ import annotations

import gc
import logging
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from knowledge.boilerplate import CleanPage, clean_html, clean_lines
from knowledge.collector import freeze
from knowledge.companies import ArticleCompanies, Company, Gazetteer, company_from, shipped_companies
from knowledge.controls import strip_controls
from knowledge.dates import byline_date, dateline_date, parse_published, weekday_dated
from knowledge.decode import decode_text
from knowledge.extract import Report, extract_reports
from knowledge.index import IndexWriter
from knowledge.llm_extract import merge_proposed
from knowledge.store import KnowledgeStore, no_gc
from knowledge.text import content_hash, split_sentences
from knowledge.timeline import build_deals

log = logging.getLogger(__name__)

SUPPORTED_SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm"}
MAX_FILE_BYTES = 5 * 1024 * 1024
BATCH_SIZE = 500


@dataclass
class Document:
    """An article before ingestion: its text as found, and what is known about it."""

    text: str
    kind: str = "text"  # text, markdown or html
    title: str | None = None
    url: str | None = None
    published: str | None = None
    source: str = ""
    proposed_deals: list[Any] = field(default_factory=list)  # an LLM's proposals, checked in Ingestor._build
    notes: list[str] = field(default_factory=list)  # what the reader should know, e.g. bytes replaced by U+FFFD


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)  # (label, note) for documents read with a caveat
    deals_touched: int = 0


def read_file(path: Path) -> Document:
    """A document from a file; raises ValueError with a one-line reason for files that cannot be articles."""
    if not path.exists():
        raise ValueError("does not exist")
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        raise ValueError(f"unsupported file type {path.suffix or '(none)'}; use .txt, .md or .html")
    size = path.stat().st_size
    if size == 0:
        raise ValueError("empty file")
    if size > MAX_FILE_BYTES:
        raise ValueError(f"file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
    decoded = decode_text(path.read_bytes())  # the encoding the file declares or is detected in; ValueError if binary
    if not decoded.text.strip():
        raise ValueError("empty file")
    suffix = path.suffix.lower()
    kind = "html" if suffix in {".html", ".htm"} else "markdown" if suffix in {".md", ".markdown"} else "text"
    doc = Document(text=decoded.text, kind=kind, source=str(path))
    if decoded.replaced:
        places = f"{decoded.replaced} place{'s' if decoded.replaced != 1 else ''}"
        doc.notes.append(f"not valid {decoded.codec.upper()} in {places}, read as U+FFFD (\ufffd)")
    return doc


def _markdown_lines(text: str) -> list[str]:
    """Markdown rendered to plain lines, one block each: headings on their own, wrapped lines joined, list
    items marked as items."""
    from markdown_it import MarkdownIt

    lines: list[str] = []
    in_item = False
    for token in MarkdownIt().parse(text):
        if token.type == "list_item_open":
            in_item = True
        elif token.type == "inline":
            parts = [
                " " if child.type in {"softbreak", "hardbreak"} else child.content
                for child in token.children or []
                if child.type in {"text", "code_inline", "softbreak", "hardbreak"}
            ]
            line = "".join(parts) if parts else token.content
            lines += [f"- {line}" if in_item else line, ""]  # one block each; a list item stays a list item
            in_item = False
    return lines


def to_page(doc: Document) -> tuple[CleanPage, dict[str, str | None]]:
    """The article's title and paragraphs. Control characters go before parsing (a parser would drop an ESC
    and keep the sequence it starts as text); what entities decode to goes in ``normalise``."""
    text = strip_controls(doc.text)
    if doc.kind == "html":
        return clean_html(text)
    lines = _markdown_lines(text) if doc.kind == "markdown" else text.splitlines()
    return clean_lines(lines, title=doc.title and strip_controls(doc.title)), {}


def _sentences(page: CleanPage) -> tuple[list[str], list[str]]:
    sentences, headings = [page.title], [""]
    for heading, paragraph in page.paragraphs:
        for sentence in split_sentences(paragraph):
            sentences.append(sentence)
            headings.append(heading)
    return sentences, headings


def _find_dateline(lines: Iterable[str]) -> str | None:
    for line in list(lines)[:12]:
        day = byline_date(line) or dateline_date(line)
        if day is not None:
            return day.isoformat()
    return None


class Ingestor:
    """Turns documents into stored articles and deal records, in batches."""

    def __init__(
        self,
        store: KnowledgeStore,
        extractor: Callable[[list[str]], list[Any]] | None = None,
        index: IndexWriter | None = None,
    ) -> None:
        self.store = store
        records = store.all("companies")
        stored = [company_from(c) for c in records if not c.get("known")]
        self.gazetteer = Gazetteer(shipped_companies()).extended(_learned(stored))
        self.gazetteer.adopt_owners(company_from(c) for c in records if c.get("known"))
        self.extractor = extractor  # optional LLM deal extraction (knowledge/llm_extract.py)
        self.index = index  # the search index's segments, written with each batch

    def ingest(
        self, docs: Iterable[tuple[str, Document | Exception]], progress: Callable[[], None] | None = None
    ) -> IngestReport:
        """Ingest (label, document or reading error) pairs; errors become one-line skip reasons.

        ``progress()`` is called once per pair, when it has been read (a document when its batch is written,
        not when it is queued), so that a bar shows the work done, not the files listed."""
        report = IngestReport()
        batch: list[tuple[str, Document]] = []
        known = self._stored_keys() if self.extractor else set()
        for label, doc in docs:
            if isinstance(doc, Exception):
                report.skipped.append((label, str(doc)))
                if progress:
                    progress()
                continue
            report.notes += [(label, note) for note in doc.notes]
            if self.extractor:
                self._propose(doc, known)
            batch.append((label, doc))
            if len(batch) >= BATCH_SIZE:
                self._write_batch(batch, report, progress)
                batch = []
        if batch:
            self._write_batch(batch, report, progress)
        return report

    def _stored_keys(self) -> set[str]:
        return {k for a in self.store.all_lazy("articles") for k in (a["hash"], a.get("url")) if k}

    def _propose(self, doc: Document, known: set[str]) -> None:
        """The extractor's deals for a new article, asked before the store is locked (a model is slow)."""
        try:
            sentences, _ = _sentences(to_page(doc)[0])
        except ValueError:
            return  # _build reports why
        if len(sentences) >= 2 and content_hash(" ".join(sentences)) not in known and doc.url not in known:
            doc.proposed_deals = list(self.extractor(sentences)) if self.extractor else []

    def _write_batch(
        self, batch: list[tuple[str, Document]], report: IngestReport, progress: Callable[[], None] | None = None
    ) -> None:
        """Store one batch, with the cyclic collector paused, and freeze what it leaves (gc.freeze).

        A batch reads the head of every stored article and deal, and TinyDB copies the tables it writes:
        millions of objects at 30,000 articles, which live as long as the store keeps them. Collections while
        they are made, and after, would walk them all again and again (0.5 s of a 2 s ``evbot ingest`` of one
        article). Nothing is lost: the documents hold no reference cycle, and neither does what extraction
        leaves (a 600-article batch leaves no cyclic garbage), so what is frozen is still freed by its
        reference counts when the store lets it go. What is garbage before the batch (a running bot's) is
        collected first, not frozen with it: that walks only what was made since the last freeze."""
        gc.collect()
        with no_gc():
            self._store_batch(batch, report, progress)
        freeze()

    def _store_batch(
        self, batch: list[tuple[str, Document]], report: IngestReport, progress: Callable[[], None] | None = None
    ) -> None:
        with self.store.transaction():
            articles = self.store.all_lazy("articles")  # their keys, hashes and sentence counts, not their text
            by_url = {a["url"] for a in articles if a.get("url")}
            by_hash = {a["hash"] for a in articles}
            seq = max((a["seq"] for a in articles), default=0)
            new_articles: list[dict[str, Any]] = []
            new_reports: dict[str, list[dict[str, Any]]] = {}
            companies: dict[str, tuple[Company, int]] = {}
            for label, doc in batch:
                try:
                    article, reports, seen = self._build(doc)
                except ValueError as exc:
                    report.skipped.append((label, str(exc)))
                    continue
                except Exception as exc:  # one article we cannot read must not cost the others
                    log.exception("could not ingest %s", label)
                    report.skipped.append((label, f"could not be processed ({type(exc).__name__}); see the log"))
                    continue
                finally:
                    if progress:
                        progress()  # building is the slow part; the rest of the loop is bookkeeping
                if (article["url"] and article["url"] in by_url) or article["hash"] in by_hash:
                    report.duplicates.append(label)
                    continue
                seq += 1
                article["seq"] = seq
                article["key"] = f"a{article['hash'][:12]}"
                by_hash.add(article["hash"])
                if article["url"]:
                    by_url.add(article["url"])
                new_articles.append(article)
                report.added.append(label)
                for rep in reports:
                    rep.update(article=article["key"], published=article["published"], seq=seq)
                    new_reports.setdefault(rep["key"], []).append(rep)
                for company in seen:
                    known, count = companies.get(company.name, (company, 0))
                    companies[company.name] = (known, count + 1)
                # "Koc Holding" learned from one article names "Koc" in the next.
                for learned in _learned(c for c in seen if not self.gazetteer.get(c.name)):
                    self.gazetteer.add(learned)
            if not new_articles:
                return
            self.store.put_many("articles", new_articles)
            self._merge_deals(new_reports)
            self._count_companies(companies)
            report.deals_touched += len(new_reports)
            if self.index is not None:  # under the store's lock: readers see the articles and their segment together
                self.index.add(sorted(articles, key=lambda a: a["seq"]), new_articles)
        if self.index is not None:
            self.index.compact()

    def _build(self, doc: Document) -> tuple[dict[str, Any], list[dict[str, Any]], list[Company]]:
        page, meta = to_page(doc)
        sentences, headings = _sentences(page)
        if len(sentences) < 2 or not page.title:
            raise ValueError("no article text left after removing page furniture")
        published_raw = (
            doc.published
            or meta.get("published")
            or (_find_dateline(doc.text.splitlines()) if doc.kind != "html" else None)
        )
        published = parse_published(published_raw) or weekday_dated(sentences)
        named, reports = self._reports(sentences, published)
        article = {
            "url": strip_controls(doc.url or meta.get("url") or "") or None,
            "title": page.title,
            "published": published.isoformat() if published else None,
            "source": strip_controls(doc.source),
            "hash": content_hash(" ".join(sentences)),
            "sentences": sentences,
            "headings": headings,
            "companies": sorted(named.companies),
            "ingested_at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        found = [r.as_dict() for r in reports]
        if doc.proposed_deals:
            found = merge_proposed(found, doc.proposed_deals, sentences, self.gazetteer, published)
        seen = [  # "Hino Motors, a Toyota subsidiary": what the article says of a company's owner is kept
            replace(c, parent=named.owners[c.name]) if not c.parent and named.owners.get(c.name) else c
            for c in named.companies.values()
        ]
        return article, found, seen

    def _reports(self, sentences: list[str], published: date | None) -> tuple[ArticleCompanies, list[Report]]:
        """The companies an article names and the deals it reports: what ingesting and re-deriving share."""
        named = self.gazetteer.read_article(sentences)
        return named, extract_reports(sentences, named, published)

    def _merge_deals(self, new_reports: dict[str, list[dict[str, Any]]]) -> None:
        """Rebuild the deals the new reports touch, with every report they already had."""
        fresh = [r for reports in new_reports.values() for r in reports]
        touched = self._deals_sharing_owners(fresh)
        reports = [dict(r) for d in touched for r in d.get("reports", [])] + fresh
        self.store.delete_many("deals", [d["key"] for d in touched])
        self.store.put_many("deals", build_deals(reports, self._owner))

    def _deals_sharing_owners(self, fresh: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The stored deals (in stored order) that share at least two owners with one of the fresh reports (one,
        for the report of one company's collapse).

        Found through the reports' owners, not by comparing every deal with every report: a batch of 500
        articles against 20,000 deals was ten million set intersections. Only the deals touched have their
        reports read."""
        owner: dict[str, str] = {}  # party -> its owner, looked up once per batch

        def owners(parties: list[str]) -> set[str]:
            return {owner[p] if p in owner else owner.setdefault(p, self._owner(p)) for p in parties}

        reports_of: dict[str, list[int]] = {}  # owner -> the fresh reports naming it
        needed: list[int] = []  # owners a deal must share with each: two, or the one of a company's collapse
        for at, r in enumerate(fresh):
            mine = owners(r["parties"])
            needed.append(min(2, len(mine)))
            for o in mine:
                reports_of.setdefault(o, []).append(at)
        least = min(needed, default=2)
        # The names whose owner the batch names: a name of the batch's owners that is its own owner, and every
        # known unit of one. Most deals have no party among them, which one set lookup a party tells.
        hot = {o for o in reports_of if owners([o]) <= reports_of.keys()} | {
            c.name for c in self.gazetteer.companies.values() if c.parent and c.parent in reports_of
        }
        touched = []
        for deal in self.store.all_lazy("deals"):
            parties = deal["parties"]
            if sum(map(hot.__contains__, parties)) < least:
                continue
            shared: dict[int, int] = {}
            for o in owners(parties):
                for at in reports_of.get(o, ()):
                    shared[at] = shared.get(at, 0) + 1
            if any(n >= needed[at] for at, n in shared.items()):
                touched.append(deal)
        return touched

    def _owner(self, name: str) -> str:
        company = self.gazetteer.get(name)
        return company.parent if company is not None and company.parent else name

    def rederive(self) -> int:
        """Re-read every stored article's deals with this version's extraction; returns the deal count.

        Deals are derived data: when extraction improves, the stored articles are read again, so an old
        store gains what the new rules find and loses what they no longer believe.
        """
        with self.store.transaction():
            reports = []
            for article in sorted(self.store.all("articles"), key=lambda a: a["seq"]):
                _, found = self._reports(article["sentences"], parse_published(article.get("published")))
                for report in found:
                    reports.append(
                        {
                            **report.as_dict(),
                            "article": article["key"],
                            "published": article.get("published"),
                            "seq": article["seq"],
                        }
                    )
            deals = build_deals(reports, self._owner)
            self.store.delete_many("deals", [d["key"] for d in self.store.all_lazy("deals")])
            self.store.put_many("deals", deals)
            return len(deals)

    def _count_companies(self, companies: dict[str, tuple[Company, int]]) -> None:
        stored = {c["key"]: c for c in self.store.all("companies")}
        docs = []
        for name, (company, mentions) in companies.items():
            key = name.lower()
            old = stored.get(key, {})
            docs.append(
                {
                    "key": key,
                    "name": name,
                    "aliases": list(company.aliases),
                    "country": old.get("country") or company.country,
                    "sector": old.get("sector") or company.sector,
                    "known": name in _shipped_names(),  # a name learned from the articles is loaded again next time
                    "parent": old.get("parent") or company.parent,
                    "articles": old.get("articles", 0) + mentions,
                }
            )
        self.store.put_many("companies", docs)


@lru_cache(maxsize=1)
def _shipped_names() -> frozenset[str]:
    return frozenset(c.name for c in shipped_companies())


def _learned(companies: Iterable[Company]) -> list[Company]:
    """Companies the articles introduced under a full name of several words ("Koc Holding"), or one word the
    article said what it is ("Norwegian aluminium group Hydro", "charging operator Recharge"), to be known by it
    and its short form in later articles."""
    return [c for c in companies if len(c.name.split()) > 1 or re.fullmatch(r"[A-Z][A-Z0-9&]{1,5}", c.name) or c.sector]


def iter_paths(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path]:
    """Files named, and the supported files inside folders named, in a stable order."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.suffix.lower() in SUPPORTED_SUFFIXES:
                    yield child
        else:
            yield path


def read_paths(
    paths: Iterable[Path], url: str | None = None, published: str | None = None
) -> Iterator[tuple[str, Document | Exception]]:
    for path in paths:
        try:
            doc = read_file(path)
        except FileNotFoundError:
            yield str(path), ValueError("does not exist")
        except (OSError, ValueError) as exc:
            yield str(path), exc if isinstance(exc, ValueError) else ValueError(exc.strerror or str(exc))
        else:
            doc.url, doc.published = url or doc.url, published or doc.published
            yield str(path), doc


def sample_documents() -> list[tuple[str, Document]]:
    """The shipped sample articles, so a fresh install answers questions with no set-up."""
    folder = resources.files("knowledge").joinpath("samples")
    docs = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".txt"):
            docs.append(
                (f"sample:{entry.name}", Document(text=entry.read_text("utf-8"), source=f"sample:{entry.name}"))
            )
    return docs
