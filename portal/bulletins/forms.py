"""Staff forms for importing, composing and reviewing bulletins."""
from __future__ import annotations

import math

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (BooleanField, FieldList, Form, FormField, HiddenField, IntegerField, RadioField, SelectField,
                     StringField, SubmitField, TextAreaField)
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, NumberRange, Optional, Regexp, ValidationError

from portal.bulletins.states import BulletinAudience, SectionKind

PERIOD = Regexp(r"^\d{4}-(0[1-9]|1[0-2])$", message=_l("Write the month as YYYY-MM, e.g. 2022-07."))


class SingleLine:
    """Refuse line breaks (and other control characters) in a one-line value such as a title."""

    def __call__(self, form, field):
        if field.data and any(ch in field.data for ch in "\r\n\t\x00\x0b\x0c\x85\u2028\u2029"):
            raise ValidationError(_l("Write this on one line."))


ONE_LINE = SingleLine()


class FirmPicking:
    """A search box over the directory, and the firms it found when the words named several."""

    firm = StringField(_l("Member firm (its name or short name)"), validators=[Optional(), Length(max=120), ONE_LINE])
    firm_choice = SelectField(_l("Firms found: pick one"), choices=[], validate_choice=False, validators=[Optional()])



class ImportForm(FlaskForm):
    file = FileField(_l("Bulletin file (.docx, .pdf or .txt)"), validators=[FileRequired()])
    period = StringField(_l("Month (YYYY-MM), if the file does not say"), validators=[Optional(), PERIOD])
    title = StringField(_l("Title (optional)"), validators=[Optional(), Length(max=200)])
    audience = RadioField(_l("Who may read it"), choices=BulletinAudience.choices(),
                          default=BulletinAudience.PUBLIC.value)
    submit = SubmitField(_l("Import as draft"))


class SettingsForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200), ONE_LINE])
    issue_number = StringField(_l("Issue number (e.g. 第 7 期)"), validators=[Optional(), Length(max=40), ONE_LINE])
    audience = RadioField(_l("Who may read it"), choices=BulletinAudience.choices())
    submit = SubmitField(_l("Save"))


class SectionForm(FlaskForm):
    title = StringField(_l("Section title"), validators=[DataRequired(), Length(max=200), ONE_LINE])
    kind = SelectField(_l("Kind"), choices=SectionKind.choices())
    submit = SubmitField(_l("Save section"))


class ArticleForm(FirmPicking, FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300), ONE_LINE])
    source = StringField(_l("Source or author"), validators=[Optional(), Length(max=200), ONE_LINE])
    body = TextAreaField(_l("Text (a blank line between paragraphs)"), validators=[Optional(), Length(max=100000)])
    event = SelectField(_l("Linked event"), choices=[], validators=[Optional()])
    refill = BooleanField(_l("Fill title and text again from the linked firm's profile or event"))
    submit = SubmitField(_l("Save article"))


class ActionForm(FlaskForm):
    """A button with nothing but its CSRF token (publish, unpublish, create event)."""

    submit = SubmitField(_l("Go"))


class NewBulletinForm(FlaskForm):
    title = StringField(_l("Title"), validators=[Optional(), Length(max=200), ONE_LINE],
                        description=_l("Leave empty for the usual title of the month."))
    year = IntegerField(_l("Year"), validators=[InputRequired(), NumberRange(min=2000, max=2100)])
    month = IntegerField(_l("Month"), validators=[InputRequired(), NumberRange(min=1, max=12)])
    issue_number = StringField(_l("Issue number (e.g. 第 7 期)"), validators=[Optional(), Length(max=40), ONE_LINE])
    audience = RadioField(_l("Who may read it"), choices=BulletinAudience.choices(),
                          default=BulletinAudience.PUBLIC.value)
    submit = SubmitField(_l("Start the draft"))


class AddArticleForm(FirmPicking, FlaskForm):
    title = StringField(_l("Title"), validators=[Optional(), Length(max=300), ONE_LINE])
    source = StringField(_l("Source or author"), validators=[Optional(), Length(max=200), ONE_LINE])
    body = TextAreaField(_l("Text (a blank line between paragraphs)"), validators=[Optional(), Length(max=100000)])
    event = SelectField(_l("Past event"), choices=[], validators=[Optional()])
    submit = SubmitField(_l("Add article"))


class FigureRow(Form):
    """One row of a data report's table; an empty row is left out, a ticked one removed."""

    label = StringField(_l("Label"), validators=[Optional(), Length(max=40), ONE_LINE])
    value = StringField(_l("Value"), validators=[Optional(), Length(max=24)])
    unit = StringField(_l("Unit"), validators=[Optional(), Length(max=12), ONE_LINE])
    remove = BooleanField(_l("Remove"))

    def validate_value(self, field):
        if not field.data or not field.data.strip():
            if self.label.data and self.label.data.strip() and not self.remove.data:
                raise ValidationError(_l("Give the value."))
            return
        try:
            number = float(field.data.strip().replace(",", ""))
        except ValueError:
            raise ValidationError(_l("Write a number, e.g. 25394 or 2.1.")) from None
        if not math.isfinite(number) or abs(number) >= MAX_FIGURE:
            raise ValidationError(_l("The number is too large."))
        field.number = number

    def validate_label(self, field):
        if (self.value.data or "").strip() and not (field.data or "").strip() and not self.remove.data:
            raise ValidationError(_l("Give the label."))


#: Figures are amounts of a report: anything this large is a typing mistake (and past what JSON keeps exactly).
MAX_FIGURE = 10 ** 15


class FiguresForm(FlaskForm):
    rows = FieldList(FormField(FigureRow), min_entries=0, max_entries=60)
    submit = SubmitField(_l("Save figures"))

    def figures(self) -> list[dict]:
        """The kept rows as stored figures, in the table's order."""
        kept = []
        for row in (entry.form for entry in self.rows):  # entry.label is the FormField's own
            if row.remove.data or not (row.label.data or "").strip():
                continue
            kept.append({"label": row.label.data.strip(), "value": row.value.number,
                         "unit": (row.unit.data or "").strip()})
        return kept


class MoveForm(FlaskForm):
    """Up and down buttons: the one pressed sends its direction."""

    direction = StringField(validators=[DataRequired(), AnyOf(["up", "down"])])


class DeleteForm(FlaskForm):
    """The confirmation page's form: without its `confirm` the request only asks."""

    #: Given its value on the page (no default: a POST without it would take the default).
    confirm = HiddenField(validators=[DataRequired(), AnyOf(["yes"])])
    submit = SubmitField(_l("Delete the article"))
