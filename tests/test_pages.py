"""Saved pages keep their article: furniture goes as blocks, lists stay, any encoding reads right.

Every fixture is invented here (companies, figures and all). The assertions are on what a user of
``evbot ingest`` gets: the stored title and sentences, and the lines the command prints.
"""

from __future__ import annotations

import subprocess
import sys
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from bot.core import EvBot

EVBOT = str(Path(sys.executable).with_name("evbot"))

TITLE = "Kestrel Motors and Voltara sign battery supply pact"
LEDE = (
    "Kestrel Motors has signed a five-year agreement to buy battery cells from Voltara, "
    "the two companies said on Monday."
)
BODY = [
    LEDE,
    "The deal is worth about $1.2 billion.",
    "Voltara will supply the cells from its new plant near Gdansk, which opens in 2026.",
    "Kestrel said the cells would go into two compact SUVs and a delivery van.",
]


def stored(tmp_path: Path, name: str, content: str | bytes) -> dict[str, Any]:
    """Ingest one file, as `evbot ingest` does, into a store of its own; the article stored for it."""
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    bot = EvBot.open(tmp_path / f"{name}.json")
    report = bot.ingest_paths([str(path)])
    assert report.added == [str(path)], report.skipped
    return next(a for a in bot.kb.articles if a.source == str(path))


def body(article: dict[str, Any]) -> list[str]:
    return article.sentences[1:]


def shown(text: str) -> str:
    """Text as evbot stores it: NFKC-normalised, so a full-width "！" or "，" is stored as "!" or ","."""
    return unicodedata.normalize("NFKC", text)


@pytest.mark.parametrize(
    "text",
    [
        "\n".join(["Most Popular", TITLE, "", *BODY]),  # a widget label above the title
        "\n".join([TITLE, "Most Popular", *BODY]),  # between title and body
        "\n".join([TITLE, BODY[0], BODY[1], "Share this article", "Most popular", BODY[2], BODY[3]]),  # mid-article
    ],
)
def test_a_furniture_line_at_the_top_or_in_the_middle_keeps_the_whole_article(tmp_path: Path, text: str) -> None:
    article = stored(tmp_path, "kestrel.txt", text)
    assert article.title == TITLE
    assert body(article) == BODY


def test_a_related_block_mid_page_is_dropped_and_the_prose_after_it_kept(tmp_path: Path) -> None:
    text = "\n".join(
        [
            TITLE,
            BODY[0],
            BODY[1],
            "",
            "Related",
            "Nimbus unveils a faster charging cable",
            "Orla Cars cuts prices again in Spain, its third cut this year.",
            "- Ten electric vans compared",
            "",
            BODY[2],
            BODY[3],
        ]
    )
    article = stored(tmp_path, "kestrel.txt", text)
    assert body(article) == BODY

    page = f"""<!doctype html><html><head><title>{TITLE} | EV Wire</title>
    <meta property="og:site_name" content="EV Wire"></head><body>
    <nav><a href="/">Home</a> <a href="/ev">EVs</a> <a href="/subscribe">Subscribe</a></nav>
    <article><h1>{TITLE}</h1><p>{BODY[0]}</p><p>{BODY[1]}</p>
    <h2>Related</h2><ul><li><a href="/a">Nimbus unveils a faster charging cable</a></li>
    <li><a href="/b">Orla Cars cuts prices again in Spain</a></li></ul>
    <p>{BODY[2]}</p><p>{BODY[3]}</p></article>
    <footer>Copyright 2025 EV Wire. All rights reserved.</footer></body></html>"""
    article = stored(tmp_path, "kestrel.html", page)
    assert article.title == TITLE  # the headline, not "... | EV Wire"
    assert body(article) == BODY


def test_bullet_lists_are_kept(tmp_path: Path) -> None:
    points = [
        "cells for two compact SUVs",
        "a joint recycling line in Gdansk",
        "warranty support until 2034",
        "talks on a second plant",
    ]
    text = "\n".join(
        [
            TITLE,
            LEDE,
            "The agreement covers:",
            f"- {points[0]}",
            f"* {points[1]}",
            f"\u2022 {points[2]}",
            f"1. {points[3]}",
            "Photo: Voltara",
        ]
    )
    article = stored(tmp_path, "kestrel.txt", text)
    assert body(article) == [LEDE, "The agreement covers:", *points]

    items = "".join(f"<li>{point}</li>" for point in points)
    page = (
        f"<html><head><title>{TITLE}</title></head><body><article><h1>{TITLE}</h1><p>{LEDE}</p>"
        f"<p>The agreement covers:</p><ul>{items}</ul><p>{BODY[1]}</p></article></body></html>"
    )
    article = stored(tmp_path, "kestrel.html", page)
    assert body(article) == [LEDE, "The agreement covers:", *points, BODY[1]]


ENCODED = {
    "windows-1252": (
        "Renault et Voltara signent un accord à 2 milliards d'euros",
        [
            "Renault a signé lundi un accord avec Voltara pour l'achat de cellules de batterie.",
            "Le contrat, d'une valeur de 2 milliards €, court jusqu'en 2031, a précisé le constructeur.",
        ],
    ),
    "koi8-r": (
        "Кестрел подписал соглашение с Вольтарой",
        [
            "Компания Кестрел подписала соглашение с Вольтарой о поставках аккумуляторов.",
            "Сделка оценивается в 90 миллиардов рублей, сообщили в понедельник обе компании.",
        ],
    ),
    "shift_jis": (
        "ケストレル、ボルタラと電池供給で合意",
        [
            "ケストレル自動車はボルタラから電池セルを購入する契約を結んだと発表した。",
            "契約期間は五年で、総額は約千二百億円になる。",
        ],
    ),
    "gbk": (
        "凯斯特尔与沃尔塔拉签署电池供应协议",
        [
            "凯斯特尔汽车宣布与沃尔塔拉签署为期五年的电池供应协议。",
            "该协议总价值约为八十亿元人民币，首批电池将于明年交付。",
        ],
    ),
}


@pytest.mark.parametrize("declared", [True, False], ids=["declared", "detected"])
@pytest.mark.parametrize("encoding", list(ENCODED))
def test_pages_in_other_encodings_read_right(tmp_path: Path, encoding: str, declared: bool) -> None:
    title, sentences = ENCODED[encoding]
    meta = f'<meta http-equiv="Content-Type" content="text/html; charset={encoding}">' if declared else ""
    paragraphs = "".join(f"<p>{s}</p>" for s in sentences)
    page = f"<html><head>{meta}<title>{title}</title></head><body><h1>{title}</h1>{paragraphs}</body></html>"
    article = stored(tmp_path, "page.html", page.encode(encoding))
    assert article.title == title
    assert body(article) == [shown(s) for s in sentences]


def test_japanese_sentences_split_on_the_full_stop(tmp_path: Path) -> None:
    sentences = [
        "ケストレル自動車はボルタラと電池の合弁会社を設立すると発表した。",
        "新会社は二〇二六年に生産を始める。",
        "投資額は約三百億円だ！",
        "工場はどこに建つのか？",
        "場所はまだ決まっていない。",
    ]
    text = f"ケストレルとボルタラが合弁会社\n{sentences[0]}{sentences[1]} {sentences[2]}{sentences[3]}\n{sentences[4]}"
    assert body(stored(tmp_path, "kestrel.txt", text)) == [shown(s) for s in sentences]


def test_a_wrapped_sentence_is_joined(tmp_path: Path) -> None:
    wrapped = (
        "Kestrel Motors has signed a five-year agreement to buy battery cells from\n"
        "Voltara, the two companies said on Monday. The deal is worth about $1.2\n"
        "billion.\n\nVoltara will supply the cells from its new plant near Gdansk, which\n"
        "opens in 2026."
    )
    article = stored(tmp_path, "kestrel.txt", f"{TITLE}\n{wrapped}\n")
    assert body(article) == BODY[:3]

    page = (
        f"<html><head><title>{TITLE}</title></head><body><h1>{TITLE}</h1>"
        f"<p>Kestrel Motors has signed a five-year agreement to buy battery cells<br>\nfrom Voltara, the two "
        f"companies said on Monday.<br>The deal is worth about $1.2<br>billion.</p></body></html>"
    )
    article = stored(tmp_path, "kestrel.html", page)
    assert body(article) == BODY[:2]


def test_an_empty_article_is_reported_with_its_reason_and_the_others_go_in(db_path: Path, tmp_path: Path) -> None:
    (tmp_path / "a-furniture.html").write_text(
        "<html><head><title>EV Wire</title></head><body><nav><a href='/'>Home</a> <a href='/ev'>EVs</a></nav>"
        "<p>Share this article</p><footer>Copyright 2025 EV Wire</footer></body></html>"
    )
    (tmp_path / "b-teasers.txt").write_text(
        "Most popular\nNimbus unveils a faster charging cable\nOrla Cars cuts prices again\n"
    )
    (tmp_path / "c-kestrel.txt").write_text("\n".join([TITLE, *BODY]))
    result = subprocess.run(
        [EVBOT, "--db", str(db_path), "ingest", str(tmp_path)], capture_output=True, text=True, timeout=120
    )
    skipped = sorted(line for line in result.stderr.splitlines() if line.startswith("skipped "))
    assert skipped == [
        f"skipped {tmp_path / name}: no article text left after removing page furniture"
        for name in ("a-furniture.html", "b-teasers.txt")
    ]
    assert result.stdout.startswith("1 added, 0 already stored, 2 skipped")
    assert result.returncode == 0
