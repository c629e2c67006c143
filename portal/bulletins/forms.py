"""Staff forms for importing and reviewing bulletins."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from portal.bulletins.states import BulletinAudience, SectionKind

PERIOD = Regexp(r"^\d{4}-(0[1-9]|1[0-2])$", message=_l("Write the month as YYYY-MM, e.g. 2022-07."))


class ImportForm(FlaskForm):
    file = FileField(_l("Bulletin file (.docx, .pdf or .txt)"), validators=[FileRequired()])
    period = StringField(_l("Month (YYYY-MM), if the file does not say"), validators=[Optional(), PERIOD])
    title = StringField(_l("Title (optional)"), validators=[Optional(), Length(max=200)])
    audience = RadioField(_l("Who may read it"), choices=BulletinAudience.choices(),
                          default=BulletinAudience.PUBLIC.value)
    submit = SubmitField(_l("Import as draft"))


class SettingsForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    audience = RadioField(_l("Who may read it"), choices=BulletinAudience.choices())
    submit = SubmitField(_l("Save"))


class SectionForm(FlaskForm):
    title = StringField(_l("Section title"), validators=[DataRequired(), Length(max=200)])
    kind = SelectField(_l("Kind"), choices=SectionKind.choices())
    submit = SubmitField(_l("Save section"))


class ArticleForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    source = StringField(_l("Source or author"), validators=[Optional(), Length(max=200)])
    body = TextAreaField(_l("Text (a blank line between paragraphs)"), validators=[Optional(), Length(max=100000)])
    firm = StringField(_l("Linked member firm (its short name in the address)"), validators=[Optional(), Length(max=80)])
    event = SelectField(_l("Linked event"), choices=[], validators=[Optional()])
    submit = SubmitField(_l("Save article"))


class ActionForm(FlaskForm):
    """A button with nothing but its CSRF token (publish, unpublish, create event)."""

    submit = SubmitField(_l("Go"))
