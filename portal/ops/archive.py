"""The backup archive format: a zip of JSON-lines tables, uploaded files and a checked manifest."""
from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import re
import stat
import zipfile
from dataclasses import dataclass
from decimal import Decimal

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
#: Derived data, rebuilt from the rows after a restore rather than copied.
SKIPPED_PREFIXES = ("search_",)
#: Members smaller than this may pack as tightly as they like (an empty table, a page of zeros).
RATIO_FLOOR = 1024 * 1024
TABLE_NAME = re.compile(r"[a-z][a-z0-9_]{0,62}")


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


@dataclass(frozen=True)
class ArchiveLimits:
    """The most one member, and all of them, may unpack to, and how tightly one may have been packed."""

    member: int
    total: int
    ratio: float

    @classmethod
    def from_config(cls, config) -> ArchiveLimits:
        return cls(member=int(config["BACKUP_MAX_MEMBER_BYTES"]), total=int(config["BACKUP_MAX_TOTAL_BYTES"]),
                   ratio=float(config["BACKUP_MAX_RATIO"]))


def check_members(infos: list[zipfile.ZipInfo], limits: ArchiveLimits) -> None:
    """Refuse unsafe names, links, duplicates and oversized members, from the archive's directory alone."""
    seen, total = set(), 0
    for info in infos:
        check_name(info.filename)
        if info.filename in seen:
            raise ArchiveError(f"the backup holds {info.filename} twice")
        seen.add(info.filename)
        mode = info.external_attr >> 16  # Unix mode bits; a file type of 0 is how Python's writestr marks a file
        if info.is_dir() or stat.S_IFMT(mode) not in (0, stat.S_IFREG):
            kind = "a symbolic link" if stat.S_ISLNK(mode) else "not a plain file"
            raise ArchiveError(f"refusing {info.filename}: it is {kind}")
        if info.file_size > limits.member:
            raise ArchiveError(f"refusing {info.filename}: it unpacks to {info.file_size} bytes, "
                               f"more than the limit of {limits.member}")
        if info.file_size > RATIO_FLOOR and info.file_size > limits.ratio * max(info.compress_size, 1):
            raise ArchiveError(f"refusing {info.filename}: packed more than {limits.ratio:g} to 1")
        total += info.file_size
        if total > limits.total:
            raise ArchiveError(f"refusing the backup: it unpacks to more than {limits.total} bytes")


def check_name(name: str) -> None:
    """Accept only the names a backup writes: the manifest, tables/NAME.jsonl, uploads/RELATIVE/PATH."""
    parts = name.split("/")
    unsafe = ("\\" in name or "\0" in name or ":" in parts[0] or name.startswith("/")
              or any(part in ("", ".", "..") for part in parts))
    if unsafe:
        raise ArchiveError(f"refusing an unsafe name in the backup: {name!r}")
    table = name.startswith("tables/") and len(parts) == 2 and name.endswith(".jsonl") and \
        TABLE_NAME.fullmatch(parts[1].removesuffix(".jsonl"))
    if not (name == MANIFEST or table or (parts[0] == "uploads" and len(parts) > 1)):
        raise ArchiveError(f"refusing an unexpected member of the backup: {name!r}")
