"""Find the firm a document names, by its full or its short name."""
from __future__ import annotations

import re
import unicodedata

from pypinyin import lazy_pinyin

from portal.extensions import db
from portal.members.models import Firm

# Words that every company name has; a short name leaves them out.
_COMMON = re.compile(r"(股份)?有限(责任)?公司$|集团$|（示例）")


def _core(name: str) -> str:
    name = unicodedata.normalize("NFKC", name or "").replace(" ", "")
    return _COMMON.sub("", name)


def match_firm(name: str) -> Firm | None:
    """Return the one firm whose name equals, contains or is contained in `name`; else None."""
    core = _core(name)
    if len(core) < 2:
        return None
    exact = db.session.scalar(db.select(Firm).where(Firm.name == name.strip()))
    if exact is not None:
        return exact
    candidates = db.session.scalars(db.select(Firm).where(
        (Firm.name.contains(core)) | (db.literal(core).contains(Firm.name)))).all()
    if len(candidates) == 1:
        return candidates[0]
    same_core = [firm for firm in candidates if _core(firm.name) == core]
    return same_core[0] if len(same_core) == 1 else None


def suggest_slug(name: str, website: str | None) -> str:
    """Propose an address slug: the website's name (pactera) or the name's pinyin initials."""
    host = re.sub(r"^https?://", "", website or "").split("/")[0].lower()
    labels = [part for part in host.split(".") if part not in ("www", "com", "cn", "net", "org", "gov", "")]
    base = labels[0] if labels else "".join(word[0] for word in lazy_pinyin(_core(name)) if word)
    base = re.sub(r"[^a-z0-9]+", "-", base.lower()).strip("-") or "firm"
    slug, number = base[:60], 2
    while db.session.scalar(db.select(Firm.id).where(Firm.slug == slug)) is not None:
        slug, number = f"{base[:60]}-{number}", number + 1
    return slug
