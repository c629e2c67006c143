"""String enums whose members carry a translatable label: the value sets of status and kind columns."""
from __future__ import annotations

import enum

from wtforms import SelectChoice


class LabelledEnum(enum.StrEnum):
    """A StrEnum written `MEMBER = "stored value", _l("Label")`; members compare equal to their value."""

    def __new__(cls, value: str, label=None):
        member = str.__new__(cls, value)
        member._value_ = value
        member._label = label
        return member

    @property
    def label(self):
        """Return the member's lazy translatable label (its value where it has none)."""
        return self._label if self._label is not None else self.value

    @classmethod
    def values(cls) -> list[str]:
        """Return the stored values, in definition order (plain str, for JSON schemas and messages)."""
        return [member.value for member in cls]

    @classmethod
    def choices(cls) -> list[SelectChoice]:
        """Return the members as the choices of a form's SelectField or RadioField."""
        return [SelectChoice(member.value, member.label) for member in cls]

    @classmethod
    def label_of(cls, value) -> str:
        """Return the label of the member stored as `value`, in the current language; else `value`."""
        member = cls.parse(value)
        return str(member.label) if member is not None else value

    @classmethod
    def parse(cls, value) -> LabelledEnum | None:
        """Return the member stored as `value`, or None for anything else (bad input, None)."""
        return cls._value2member_map_.get(value) if isinstance(value, str) else None
