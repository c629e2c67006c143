"""The backup archive format: a zip of JSON-lines tables, uploaded files and a checked manifest."""
from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
from decimal import Decimal

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
#: Derived data, rebuilt from the rows after a restore rather than copied.
SKIPPED_PREFIXES = ("search_",)


class ArchiveError(ValueError):
    """A damaged, foreign or unusable archive, with a one-line reason."""


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def to_json(value):
    """Encode one column value portably (both databases read it back the same)."""
    if isinstance(value, dt.datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    if isinstance(value, (bytes, memoryview)):
        return {"$bytes": base64.b64encode(bytes(value)).decode()}
    if isinstance(value, Decimal):
        return {"$decimal": str(value)}
    return value


def from_json(value):
    if isinstance(value, dict) and len(value) == 1:
        (key, raw), = value.items()
        if key == "$datetime":
            return dt.datetime.fromisoformat(raw)
        if key == "$date":
            return dt.date.fromisoformat(raw)
        if key == "$bytes":
            return base64.b64decode(raw)
        if key == "$decimal":
            return Decimal(raw)
    return value


def encode_rows(rows: list[dict]) -> bytes:
    return "".join(json.dumps({k: to_json(v) for k, v in row.items()}, ensure_ascii=False, sort_keys=True) + "\n"
                   for row in rows).encode()


def decode_rows(data: bytes) -> list[dict]:
    return [{k: from_json(v) for k, v in json.loads(line).items()} for line in data.decode().splitlines() if line]


def is_skipped(table_name: str) -> bool:
    return table_name.startswith(SKIPPED_PREFIXES)
