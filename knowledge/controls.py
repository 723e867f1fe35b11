"""Control characters out of untrusted text: the one rule for article, user and model text alike.

Articles are stripped before they are stored, and every front end strips again
before it prints or writes (stores written by older versions may still hold
them). A terminal obeys what such characters say: ESC starts sequences that
clear the screen, write the clipboard (OSC 52) or hide a link under innocent
text (OSC 8), and BEL ends them. Bidi overrides and isolates reorder what a
reader sees, and zero-width characters hide text or split a word that looks
whole. Escape sequences go whole, so no parameter text ("[2J", a hidden URL)
is left behind; the text an OSC 8 link shows stays.
"""

from __future__ import annotations

import re
from typing import Any

# CSI (7-bit and 8-bit) up to its final byte; OSC, DCS, SOS, PM and APC strings up to BEL or ST (an
# unterminated one loses only its introducer, not the rest of the line); any other ESC sequence.
_SEQUENCE = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d-\x9f])[^\x07\x1b\x9c\n]*(?:\x07|\x1b\\|\x9c)"
    r"|\x1b[ -/]*[0-~]"
)
# Other line ends become newlines: a carriage return would overwrite the line on a terminal, and a paragraph
# must not run into the next one.
_LINE_END = re.compile(r"\r\n?|[\x0b\x0c\x85]")
# C0 but tab and newline, DEL, C1; the Arabic letter mark, LRM/RLM, embeddings and overrides, isolates;
# zero-width space, joiners, word joiner, invisible operators, BOM, soft hyphen, Mongolian vowel separator,
# deprecated format characters and tag characters (invisible text for a model).
_INVISIBLE = (
    "\x00-\x08\x0e-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff"
    "\U000e0000-\U000e007f"
)
_CONTROL = re.compile(f"[{_INVISIBLE}]")
# Any of the above: most text has none, and one search is cheaper than three substitutions (every line of an
# article and every search passes here).
_ANY = re.compile(f"[{_INVISIBLE}\x0b-\x0d]")


def strip_controls(text: str) -> str:
    """``text`` without escape sequences or invisible and control characters; tabs and line ends kept."""
    if not _ANY.search(text):
        return text
    return _CONTROL.sub("", _LINE_END.sub("\n", _SEQUENCE.sub("", text)))


def strip_controls_in(value: Any) -> Any:
    """A JSON-shaped value (dicts, lists, strings) with every string stripped, for records printed as JSON."""
    if isinstance(value, str):
        return strip_controls(value)
    if isinstance(value, dict):
        return {key: strip_controls_in(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [strip_controls_in(item) for item in value]
    return value
