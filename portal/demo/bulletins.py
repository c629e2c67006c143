"""The sample bulletin (July 2022), imported and published as the demo archive's first issue."""
from __future__ import annotations

from portal.bulletins.importer import import_bulletin
from portal.bulletins.models import Bulletin
from portal.bulletins.services import publish
from portal.demo.firms import SAMPLE
from portal.extensions import db

PERIOD = (2022, 7)


def seed_bulletin() -> Bulletin:
    """Import and publish the sample unless the archive already holds July 2022."""
    existing = db.session.scalar(db.select(Bulletin).where(Bulletin.year == PERIOD[0], Bulletin.month == PERIOD[1]))
    if existing is not None:
        return existing
    bulletin = import_bulletin(None, SAMPLE.name, SAMPLE.read_bytes(), period=PERIOD,
                               title="数字贸易月报 2022 年 7 月")
    publish(None, bulletin)
    return bulletin
