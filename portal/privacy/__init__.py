"""Personal data under China's PIPL: what we hold about a person, its export, erasure and retention.

Each feature that holds personal data registers how to export it, erase it and purge what is past
its retention; this package asks them all.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from flask import Blueprint

bp = Blueprint("privacy", __name__, url_prefix="/privacy")


@dataclass
class PersonalData:
    #: key of this feature's part in an export, e.g. "registrations"
    name: str
    #: user -> JSON-friendly data held about them
    export: Callable
    #: user -> None; removes or anonymises their data, keeping what the association must keep
    erase: Callable
    #: (settings) -> number of records purged for being past retention
    purge: Callable | None = None


_registry: dict[str, PersonalData] = {}


def register(part: PersonalData) -> None:
    _registry[part.name] = part


def registered() -> list[PersonalData]:
    return list(_registry.values())


from portal.privacy import views  # noqa: E402,F401
