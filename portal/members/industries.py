"""Industries: lookups of the industries table. A retired one stays on firms, offered to nobody new."""
from __future__ import annotations

from collections.abc import Iterable

from flask_babel import gettext as _
from wtforms import SelectChoice

from portal.members import catalogue
from portal.members.catalogue import IndustryEntry


def all() -> list[IndustryEntry]:  # noqa: A001 (read as industries.all())
    """Return every industry, retired ones included, in list order."""
    return list(catalogue.industries().values())


def active() -> list[IndustryEntry]:
    """Return the industries offered in forms and filters."""
    return [entry for entry in all() if not entry.is_retired]


def is_known(code) -> bool:
    """Tell whether the code is an industry, retired or not."""
    return isinstance(code, str) and code in catalogue.industries()


def is_active(code) -> bool:
    entry = catalogue.industries().get(code) if isinstance(code, str) else None
    return entry is not None and not entry.is_retired


def label(code: str) -> str:
    """Return the industry's label in the current language (the code itself if unknown)."""
    entry = catalogue.industries().get(code)
    return entry.label if entry is not None else code


def choices(kept: Iterable[str] = ()) -> list[SelectChoice]:
    """Return the active industries as form choices, with the retired ones in `kept` (a firm's own)."""
    kept = set(kept)
    return [SelectChoice(entry.code, _("%(industry)s (no longer offered)", industry=entry.label)
                         if entry.is_retired else entry.label)
            for entry in all() if not entry.is_retired or entry.code in kept]


def allowed(codes: Iterable[str], kept: Iterable[str] = ()) -> list[str]:
    """Keep the codes a firm may hold: active industries, and retired ones it already had (`kept`)."""
    kept = set(kept)
    return [code for code in codes if is_active(code) or (code in kept and is_known(code))]
