"""Bytes to text: files and fetched pages in whatever encoding they were saved in.

Pages on the web are not all UTF-8: a Russian site may serve KOI8-R, a Japanese
one Shift_JIS, a Chinese one GBK, an old European one windows-1252. Refusing
them loses the article; decoding them as UTF-8 with replacement stores
mojibake. So the encoding is taken, in order, from a byte-order mark, from the
bytes being valid UTF-8 (a page saved again as UTF-8 often still declares its
old charset, and non-ASCII UTF-8 is almost never an accident), from what the
server or the document declares (HTTP header, ``<meta charset>``, XML
``encoding``), and last from charset-normalizer's detection. Bytes that fit no
encoding are not text: ValueError with a one-line reason.

UTF-8 with a few damaged bytes (a truncated copy, one stray byte) is still
UTF-8: read as any legacy charset it would turn every accented letter into
mojibake, silently. So bytes with more valid multibyte UTF-8 characters than
invalid sequences are read as UTF-8, each invalid sequence becoming U+FFFD,
and ``decode_text`` says how many were replaced so that the reader can be told.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from charset_normalizer import from_bytes

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_DECLARED = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([\w.:-]+)|<\?xml[^>]+?encoding\s*=\s*["']([\w.:-]+)""", re.I
)
_SCRIPTS = re.compile(rb"<(script|style)\b.*?</\1\s*>", re.I | re.S)
_TAGS = re.compile(rb"<[^>]*>")
# Labels that browsers read as a wider encoding than their name says (WHATWG Encoding Standard).
_WIDER = {
    "iso8859-1": "cp1252",
    "ascii": "cp1252",
    "iso8859-9": "cp1254",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "shift_jis": "cp932",
    "euc_kr": "cp949",
    "tis-620": "cp874",
}


def _codec(label: str | None) -> str | None:
    """Python's codec for a charset label, widened as browsers widen it; None for unknown labels."""
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip().strip("\"'")).name
    except LookupError:
        return None
    return _WIDER.get(name, name)


def declared_charset(raw: bytes) -> str | None:
    """The charset an HTML or XML document declares in its first few kilobytes, if any."""
    match = _DECLARED.search(raw[:4096])
    return (match.group(1) or match.group(2)).decode("ascii") if match else None


def charset(raw: bytes, declared: str | None = None) -> str | None:
    """The codec that decodes ``raw``; ``declared`` is what the server said (HTTP Content-Type). None: not text."""
    bom = next((name for mark, name in _BOMS if raw.startswith(mark)), None)
    if bom:
        return bom if _fits(raw, bom) else None
    if b"\x00" in raw[:8192]:
        return None
    if _fits(raw, "utf-8") or _mostly_utf8(raw):
        return "utf-8"
    for label in (declared, declared_charset(raw)):
        name = _codec(label)
        if name and _fits(raw, name):  # else a wrong declaration: try the next clue
            return name
    return _detected(raw)


def _detected(raw: bytes) -> str | None:
    """charset-normalizer's guess; between equally good guesses, windows-1252, the web's usual legacy charset.

    The guess is made on the text between the tags: markup and scripts, being ASCII, would outweigh it
    (no byte of a tag is part of a multibyte character in the encodings that matter). Short French or
    Spanish text fits windows-1250 as well as windows-1252, and 1250 would store "à" as "ŕ".
    """
    text = _TAGS.sub(b" ", _SCRIPTS.sub(b" ", raw))
    matches = from_bytes(text if text.strip() else raw)
    best = matches.best()
    if best is None:
        return None
    tied = [m for m in matches if (m.chaos, m.coherence) == (best.chaos, best.coherence)]
    return "cp1252" if any(m.encoding == "cp1252" for m in tied) else best.encoding


def _fits(raw: bytes, codec: str) -> bool:
    """Whether every byte of ``raw`` decodes in ``codec``."""
    try:
        raw.decode(codec)
    except UnicodeDecodeError:
        return False
    return True


def _mostly_utf8(raw: bytes) -> bool:
    """UTF-8 with some invalid sequences: more valid multibyte characters than invalid sequences. Text in
    a legacy charset almost never forms valid UTF-8 sequences (a letter like "\u00e9" is followed by ASCII)."""
    text = raw.decode("utf-8", "replace")
    invalid = _replaced(raw, text, "utf-8")
    return 0 < invalid <= sum(1 for ch in text if ch > "\x7f" and ch != "\ufffd")


def _replaced(raw: bytes, text: str, codec: str) -> int:
    """How many U+FFFD in ``text`` stand for bytes ``codec`` could not decode (not for a U+FFFD in the bytes)."""
    genuine = raw.count("\ufffd".encode()) if codec.replace("_", "-").startswith("utf-8") else 0
    return text.count("\ufffd") - genuine


@dataclass(frozen=True)
class Decoded:
    text: str
    codec: str
    replaced: int  # invalid byte sequences shown as U+FFFD


def decode_text(raw: bytes, declared: str | None = None) -> Decoded:
    """``raw`` as text, with the codec used and how many invalid sequences became U+FFFD (see the module
    docstring for how the encoding is found); ValueError if it is not text."""
    name = charset(raw, declared)
    if name is None:
        raise ValueError("binary, not text" if b"\x00" in raw[:8192] else "not text in any known encoding")
    text = raw.decode(name, "replace")  # only mostly-UTF-8 and a detected charset can hold undecodable bytes
    return Decoded(text, name, _replaced(raw, text, name))


def decode(raw: bytes, declared: str | None = None) -> str:
    """``raw`` as text (see the module docstring for how the encoding is found); ValueError if it is not text."""
    return decode_text(raw, declared).text
