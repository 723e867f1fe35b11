"""How a record's values are written in a stored document: shared by the repositories.

Moments are ISO 8601 strings in UTC, as every evbot release has written them, so a value read and
written again is the same string. Fields a record does not know (written by a newer evbot, or by hand)
are kept beside it and written back as they were: nothing stored is lost by reading it. A document that
cannot be read as its record (edited by hand, damaged) is refused in one line naming it, never half read.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from datetime import UTC, datetime
from typing import Any, TypeVar

from knowledge.store import StoreError

R = TypeVar("R")


def read(table: str, doc: Mapping[str, Any], record: Callable[[Mapping[str, Any]], R]) -> R:
    """``record(doc)``, or a StoreError naming the document when it is not one."""
    try:
        return record(doc)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        what = f"lacks {exc}" if isinstance(exc, KeyError) else f"holds a value it cannot have ({exc})"
        raise StoreError(
            f"the {table} record {str(doc.get('key'))[:80]!r} in the store {what}; it was left untouched. "
            "Fix or remove that record, or restore the store from a backup."
        ) from exc


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
