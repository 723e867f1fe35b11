"""How a record's values are written in a stored document: shared by the repositories.

Moments are ISO 8601 strings in UTC, as every evbot release has written them, so a value read and
written again is the same string. Fields a record does not know (written by a newer evbot, or by hand)
are kept beside it and written back as they were: nothing stored is lost by reading it.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import UTC, datetime
from typing import Any


def moment(value: Any) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def iso(value: datetime) -> str:
    return value.astimezone(UTC).isoformat()


def iso_or_none(value: datetime | None) -> str | None:
    return iso(value) if value is not None else None


def unknown_fields(doc: Mapping[str, Any], known: Collection[str]) -> dict[str, Any]:
    return {name: value for name, value in doc.items() if name not in known}


def when_set(**fields: Any) -> dict[str, Any]:
    """The fields whose value is not None: those a document holds only once they happened."""
    return {name: value for name, value in fields.items() if value is not None}
