"""Ingestion: good files go in, bad ones are skipped with a reason, repeats change nothing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.core import EvBot
from knowledge.dates import byline_date

ARTICLES = Path(__file__).parent / "data" / "articles"
EVBOT = str(Path(sys.executable).with_name("evbot"))


def _bad_files(folder: Path) -> dict[str, str]:
    (folder / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.md").write_text("   \n\n")
    (folder / "garbage.txt").write_bytes(bytes(range(0x80, 0x100)) * 4)  # no NUL byte, yet no encoding fits
    (folder / "report.pdf").write_bytes(b"%PDF-1.4")
    return {
        "binary.txt": "binary",
        "empty.txt": "empty",
        "blank.md": "empty",
        "garbage.txt": "not text in any known encoding",
        "report.pdf": "unsupported",
    }


def test_bad_files_are_skipped_with_a_reason_and_the_rest_go_in(bot: EvBot, tmp_path: Path) -> None:
    expected = _bad_files(tmp_path)
    good = tmp_path / "good.txt"
    good.write_text((ARTICLES / "honda-nissan-ended.txt").read_text())
    before = len(bot.kb.articles)
    report = bot.ingest_paths([str(tmp_path / name) for name in expected] + [str(good)])
    reasons = {Path(label).name: reason for label, reason in report.skipped}
    for name, word in expected.items():
        assert word in reasons[name]
    assert report.added == [str(good)]
    assert len(bot.kb.articles) == before + 1


def test_a_file_in_another_encoding_is_read_not_refused(bot: EvBot, tmp_path: Path) -> None:
    text = (
        "Renault et Géely signent un accord sur les moteurs\n"
        "Renault et Géely ont signé lundi un accord pour créer une coentreprise à parts égales.\n"
        "La société commune fabriquera des moteurs hybrides en Espagne, a précisé Renault.\n"
    )
    page = tmp_path / "renault.txt"
    page.write_bytes(text.encode("latin-1"))
    report = bot.ingest_paths([str(page)])
    assert report.added == [str(page)]
    article = next(a for a in bot.kb.articles if a.source == str(page))
    assert article.sentences == text.splitlines()


def test_the_cli_prints_one_line_per_skipped_file(db_path: Path, tmp_path: Path) -> None:
    expected = _bad_files(tmp_path)
    result = subprocess.run(
        [EVBOT, "--db", str(db_path), "ingest", str(tmp_path)], capture_output=True, text=True, timeout=60
    )
    skipped = [line for line in result.stderr.splitlines() if line.startswith("skipped ")]
    assert len(skipped) == len(expected) - 1  # a folder is searched for supported files only: no .pdf
    assert "Traceback" not in result.stderr
    assert result.returncode == 1  # nothing went in


def test_ingesting_the_same_article_again_changes_nothing(bot: EvBot, tmp_path: Path) -> None:
    bot.ingest_paths([str(ARTICLES)])
    stamp = bot.kb.store.stamp()
    again = bot.ingest_paths([str(ARTICLES)])
    assert again.added == [] and len(again.duplicates) == 4
    reflowed = tmp_path / "reflowed.txt"  # same words, different spacing and case
    reflowed.write_text((ARTICLES / "honda-nissan-ended.txt").read_text().upper().replace(" ", "  "))
    assert bot.ingest_paths([str(reflowed)]).duplicates == [str(reflowed)]
    assert bot.kb.store.stamp() == stamp


def test_an_article_with_a_known_url_is_a_duplicate(bot: EvBot, tmp_path: Path) -> None:
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text((ARTICLES / "honda-nissan-ended.txt").read_text())
    second.write_text((ARTICLES / "vw-rivian-jv.txt").read_text())
    bot.ingest_paths([str(first)], url="https://example.com/story")
    assert bot.ingest_paths([str(second)], url="https://example.com/story").duplicates == [str(second)]


def test_url_and_published_options_fill_in_what_the_file_does_not_say(bot: EvBot, tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text(
        "Geely and Renault sign engine venture deal\n\nGeely and Renault signed a joint venture "
        "deal on Monday to build hybrid engines, with each company holding a 50% stake.\n"
    )
    bot.ingest_paths([str(page)], url="https://example.com/geely", published="2023-07-12")
    article = next(a for a in bot.kb.articles if a.url == "https://example.com/geely")
    assert article.published == "2023-07-12"
    deal = bot.kb.deals_with("Geely", "Renault")[0]
    assert deal.date.iso == "2023-07-10"  # "on Monday" before Wednesday, July 12
    assert deal.kind == "joint venture" and deal.status == "signed"


def test_progress_is_reported_once_per_file(bot: EvBot) -> None:
    ticks: list[int] = []
    bot.ingest_paths([str(ARTICLES)], progress=lambda: ticks.append(1))
    assert len(ticks) == 4


def test_a_new_article_is_answered_at_once_by_a_bot_already_running(bot: EvBot, db_path: Path) -> None:
    assert not bot.ask("Why did Honda and Nissan call off their talks?").found
    subprocess.run(
        [EVBOT, "--db", str(db_path), "ingest", str(ARTICLES / "honda-nissan-ended.txt")],
        check=True,
        capture_output=True,
        timeout=60,
    )
    reply = bot.ask("Honda Nissan status?")
    assert reply.found and "ended" in reply.text


def test_markdown_keeps_wrapped_sentences_and_list_items(bot: EvBot, tmp_path: Path) -> None:
    page = tmp_path / "kestrel.md"
    page.write_text(
        "# Kestrel Motors and Voltara Energy sign deal\n\nKestrel Motors signed a supply deal\n"
        "with Voltara Energy on Monday.\n\nWhat it covers:\n\n- battery cells\n- charging hardware\n"
    )
    assert bot.ingest_paths([str(page)]).added == [str(page)]
    stored = next(a for a in bot.kb.articles if a.source == str(page)).sentences
    assert "Kestrel Motors signed a supply deal with Voltara Energy on Monday." in stored
    assert {"battery cells", "charging hardware"} <= set(stored)


@pytest.mark.parametrize(
    "line, published",
    [
        ("By Dana Holt | March 12, 2024", "2024-03-12"),
        ("Nov 30, 2020 · 4 min read · By Owen Strickland", "2020-11-30"),
        ("TOKYO | 4 March 2022 | Asia business desk", "2022-03-04"),
        ("Published 26 June 2023 10:05 BST · Updated 27 June 2023 14:30 BST", "2023-06-26"),
        ("Updated: 20/06/2024 18:10 CEST", "2024-06-20"),
        ("05/24/2022 | Indiana business desk", "2022-05-24"),
        ("Posted April 16, 2021, 3:52 p.m. CDT | Staff report", "2021-04-16"),
        ("The company said on March 3, 2024 that it would build a plant in Ohio next year.", None),
        ("By Jane Doe, Reuters", None),
    ],
)
def test_the_publication_date_is_read_from_the_byline(line: str, published: str | None) -> None:
    day = byline_date(line)
    assert (day.isoformat() if day else None) == published


def test_a_bot_opened_only_to_add_articles_answers_from_them_when_asked(db_path: Path) -> None:
    """``evbot ingest`` leaves the knowledge unread (``answering=False``); whatever reads it first gets the
    newest revision, the articles it added among it."""
    bot = EvBot.open(db_path, answering=False)
    assert bot.ingest_paths([str(ARTICLES)]).added
    again = EvBot.open(db_path, answering=False)
    assert again.ingest_paths([str(ARTICLES / "vw-rivian-jv.txt")]).duplicates  # duplicates found unread
    for opened in (bot, again):
        reply = opened.ask("Honda Nissan status?")
        assert reply.found and "ended" in reply.text
        assert {"Volkswagen", "Rivian"} <= set(opened.kb.companies)


def test_a_bot_that_ingested_articles_one_at_a_time_answers_like_one_opened_afterwards(db_path: Path) -> None:
    """Each article a running bot ingests is a new revision, whose snapshot is built from the one it replaces:
    what it answers must be what a bot that read the store whole answers."""
    running = EvBot.open(db_path)
    questions = [
        "what deals has ford done?",
        "honda nissan?",
        "Who is Volkswagen partnering with?",
        "How much is the Volkswagen Rivian deal worth?",
        "What is the status of the Kestrel Voltara deal?",
        "Which deals were called off?",
        "List the software deals",
        "Who will lead the joint venture?",
    ]
    for path in sorted(ARTICLES.iterdir()):
        assert running.ingest_paths([str(path)]).added
        fresh = EvBot.open(db_path)
        assert [running.ask(q).text for q in questions] == [fresh.ask(q).text for q in questions]
