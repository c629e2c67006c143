"""Turn a Word file (.docx) into the parser's lines: one whole paragraph each, with what its style says.

python-docx opens the package and parses its XML (entities unresolved); the walk over the body is
ours, in reading order, so that content controls, tracked insertions, hyperlinks and automatic
numbering (一、 1、 ● that Word shows but the text does not hold) all reach the parser. A table's
rows become lines of their cells. The limits on what python-docx may unpack are checked before it
runs (portal/bulletins/docx_limits.py); here only the count of paragraphs is bounded.
"""
from __future__ import annotations

import io
import re

from portal.bulletins.parsing.lines import PAGE_NUMBER, Line, join
from portal.bulletins.parsing.word_numbering import W, Numbering

_HEADING_NAME = re.compile(r"(?:heading|标题)\s*([1-9])", re.I)
_TRUE = {None, "1", "true", "on"}  # <w:b/> without a value is on
#: Text boxes, deleted or moved-away text, and a paragraph's properties (whose tab stops are w:tab too).
_SKIPPED = {W + "txbxContent", W + "del", W + "moveFrom", W + "pPr"}


class TooManyParagraphs(Exception):
    """The document has more paragraphs (and table rows) than the limit."""

    def __init__(self, limit: int):
        super().__init__(limit)
        self.limit = limit


def word_lines(data: bytes, max_paragraphs: int) -> list[Line]:
    """Return the document's lines: its first header's, then its body's paragraphs and table rows."""
    import docx  # here, so that the parser loads without python-docx installed

    document = docx.Document(io.BytesIO(data))
    reader = _Reader(document.styles.element, _numbering(document), max_paragraphs)
    header = document.sections[0].header if document.sections else None
    if header is not None and not header.is_linked_to_previous:
        for paragraph in header._element.iterchildren(W + "p"):
            reader.paragraph(paragraph, header=True)
    reader.walk(document.element.body)
    return reader.lines


def _numbering(document) -> Numbering:
    from docx.opc.constants import RELATIONSHIP_TYPE

    try:
        return Numbering(document.part.part_related_by(RELATIONSHIP_TYPE.NUMBERING).element)
    except (KeyError, AttributeError):  # no numbering part, or one python-docx does not know
        return Numbering(None)


class _Reader:
    def __init__(self, styles, numbering: Numbering, limit: int) -> None:
        self.styles, self.numbering, self.limit = styles, numbering, limit
        self.lines: list[Line] = []
        self.count = self.tables = 0
        default = next((s for s in styles.iterchildren(W + "style")
                        if s.get(W + "type") == "paragraph" and s.get(W + "default") in ("1", "true")), None)
        self.default_style = default.get(W + "styleId") if default is not None else None

    def walk(self, container) -> None:
        for child in container.iterchildren():
            if child.tag == W + "p":
                self.paragraph(child)
            elif child.tag == W + "tbl":
                self.table(child)
            elif child.tag == W + "sdt":  # a content control wraps paragraphs and tables
                for content in child.iterchildren(W + "sdtContent"):
                    self.walk(content)

    def _counted(self) -> None:
        self.count += 1
        if self.count > self.limit:
            raise TooManyParagraphs(self.limit)

    def paragraph(self, p, header: bool = False) -> None:
        self._counted()
        properties = p.find(W + "pPr")
        chain = list(self._chain(_child_val(properties, "pStyle") or self.default_style))
        text = _paragraph_text(p)
        number = self._number_label(properties, chain)
        if number.strip() == "●" and text and text[0] in "●■◆•":
            number = ""  # the bullet typed as well as numbered
        text = (number + text).strip()
        if not text or (header and PAGE_NUMBER.fullmatch(text)):
            return
        self.lines.append(Line(text, False, False, False, False, whole=True,
                               style=self._style(p, properties, chain)))

    def table(self, tbl) -> None:
        self.tables += 1
        for row in tbl.iterchildren(W + "tr"):
            self._counted()
            cells = tuple(_joined([_paragraph_text(p) for p in cell.iterchildren(W + "p")])
                          for cell in row.iterchildren(W + "tc"))
            if any(cells):
                self.lines.append(Line(" | ".join(cells), False, False, False, False, whole=True, cells=cells,
                                       table=self.tables))

    def _chain(self, style_id: str | None):
        """Yield a style and the styles it is based on."""
        seen = set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            style = self.styles.get_by_id(style_id)
            if style is None:
                return
            yield style
            style_id = _child_val(style, "basedOn")

    def _number_label(self, properties, chain) -> str:
        for holder in [properties, *(s.find(W + "pPr") for s in chain)]:
            numbering = holder.find(W + "numPr") if holder is not None else None
            if numbering is not None and _child_val(numbering, "numId"):
                num_id = _child_val(numbering, "numId")
                return "" if num_id == "0" else self.numbering.label(num_id, int(_child_val(numbering, "ilvl") or 0))
        return ""

    def _style(self, p, properties, chain) -> str:
        """Say what the paragraph's style makes it: "title", "heading<N>", "bold" or ""."""
        outline = _child_val(properties, "outlineLvl")
        for style in chain:
            name = _child_val(style, "name") or ""
            if name.lower() == "title":
                return "title"
            if match := _HEADING_NAME.fullmatch(name.strip()):
                return f"heading{match[1]}"
            outline = outline or _child_val(style.find(W + "pPr"), "outlineLvl")
        if outline and outline.isdigit() and int(outline) < 9:
            return f"heading{int(outline) + 1}"
        return "bold" if self._all_bold(p, chain) else ""

    def _all_bold(self, p, chain) -> bool:
        paragraph_bold = next((b for s in chain if (b := _bold(s.find(W + "rPr"))) is not None), False)
        runs = [r for r in p.iter(W + "r") if "".join(t.text or "" for t in r.iter(W + "t")).strip()
                and not _inside_skipped(r, p)]
        if not runs:
            return False
        for run in runs:
            properties = run.find(W + "rPr")
            bold = _bold(properties)
            if bold is None:
                bold = next((b for s in self._chain(_child_val(properties, "rStyle"))
                             if (b := _bold(s.find(W + "rPr"))) is not None), paragraph_bold)
            if not bold:
                return False
        return True


def _child_val(element, tag: str) -> str | None:
    child = element.find(W + tag) if element is not None else None
    return child.get(W + "val") if child is not None else None


def _bold(run_properties) -> bool | None:
    element = run_properties.find(W + "b") if run_properties is not None else None
    return None if element is None else element.get(W + "val") in _TRUE


def _inside_skipped(element, paragraph) -> bool:
    parent = element.getparent()
    while parent is not None and parent is not paragraph:
        if parent.tag in _SKIPPED:
            return True
        parent = parent.getparent()
    return False


def _paragraph_text(p) -> str:
    """Return the paragraph's text as Word shows it: tabs as spaces, line breaks joined like a PDF's."""
    pieces = [""]
    for element in p.iter(W + "t", W + "tab", W + "br", W + "cr", W + "noBreakHyphen"):
        if _inside_skipped(element, p):
            continue
        if element.tag == W + "t":
            pieces[-1] += element.text or ""
        elif element.tag == W + "tab":
            pieces[-1] += " "
        elif element.tag == W + "noBreakHyphen":
            pieces[-1] += "-"
        else:
            pieces.append("")
    return _joined(pieces)


def _joined(pieces: list[str]) -> str:
    """Join a paragraph's line-broken pieces (or a cell's paragraphs): a space between Latin words only."""
    return join([Line(piece.strip(), True, False, False, False) for piece in pieces if piece.strip()])
