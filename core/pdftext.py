"""Text in any script on a ReportLab canvas: TrueType fonts that have its letters, Arabic
joined and laid right to left, and a loud error instead of empty boxes where no font has one.

ReportLab's built-in fonts (Helvetica & co.) know Western European letters only: "Ṡiti",
"Nguyễn", "林美玲" or "فاطمة" came out as black boxes. Each piece of text is drawn with the first
font of a chain that has its letters: DejaVu Sans (Latin, Greek, Cyrillic, Arabic, Hebrew), then
Droid Sans Fallback (Chinese, Japanese, Korean), then Noto Sans Batak (surat Batak), all Debian
packages. Without DejaVu Sans the chain starts with Helvetica, said in the log, and any text
Helvetica cannot draw raises MissingFont naming the package to install.
"""

import logging
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import arabic_reshaper
from bidi import get_display
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

logger = logging.getLogger(__name__)

FONT_DIR = Path("/usr/share/fonts/truetype")
# (file under FONT_DIR, the Debian package that installs it), first choice first.
REGULAR = [
    ("dejavu/DejaVuSans.ttf", "fonts-dejavu-core"),
    ("droid/DroidSansFallbackFull.ttf", "fonts-droid-fallback"),
    ("noto/NotoSansBatak-Regular.ttf", "fonts-noto-core"),
]
BOLD = [("dejavu/DejaVuSans-Bold.ttf", "fonts-dejavu-core"), *REGULAR[1:]]
# What stands in for DejaVu Sans when it is missing (Latin letters of Windows-1252 only).
BUILTIN = {False: "Helvetica", True: "Helvetica-Bold"}
RIGHT_TO_LEFT = {"R", "AL"}


class MissingFont(Exception):
    """No font on this machine can draw some text; the message says what to install."""


@dataclass(frozen=True)
class Font:
    name: str  # as registered with ReportLab
    codepoints: frozenset | None  # None: a built-in font, which draws Windows-1252

    def has(self, char):
        if self.codepoints is None:
            try:
                char.encode("cp1252")
            except UnicodeEncodeError:
                return False
            return True
        return ord(char) in self.codepoints


@dataclass(frozen=True)
class Chain:
    fonts: tuple
    missing: tuple  # Debian packages whose fonts were not found


@cache
def chain(bold=False):
    """The fonts for regular or bold text, registered with ReportLab once per process."""
    fonts, missing = [], []
    for index, (relative, package) in enumerate(BOLD if bold else REGULAR):
        path = FONT_DIR / relative
        if not path.is_file():
            missing.append(package)
            if index == 0:
                logger.error(
                    "%s is missing: install the Debian package %s. PDFs fall back to %s, "
                    "which draws Western European letters only.",
                    path,
                    package,
                    BUILTIN[bold],
                )
                fonts.append(Font(BUILTIN[bold], None))
            continue
        name = f"SumutMitra-{path.stem}"
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(path)))
        font = pdfmetrics.getFont(name)
        fonts.append(Font(name, frozenset(font.face.charToGlyph)))
    return Chain(tuple(fonts), tuple(dict.fromkeys(missing)))


def visual(text):
    """`text` as it is laid out on the page: composed (NFC), Arabic letters joined, and any
    right-to-left run in the order it is read on paper."""
    text = " ".join(unicodedata.normalize("NFC", str(text)).split())
    if any(unicodedata.bidirectional(char) in RIGHT_TO_LEFT for char in text):
        text = get_display(arabic_reshaper.reshape(text))
    return text


def runs(text, *, bold=False):
    """[(font name, piece)] covering `visual(text)`: each letter in the first font that has
    it; spaces and combining marks stay with the letter before them."""
    fonts = chain(bold)
    pieces = []
    for char in visual(text):
        if pieces and (char.isspace() or unicodedata.combining(char)):
            pieces[-1][1].append(char)
            continue
        font = next((font for font in fonts.fonts if font.has(char)), None)
        if font is None:
            raise MissingFont(_missing_message(char, fonts))
        if pieces and pieces[-1][0] == font:
            pieces[-1][1].append(char)
        else:
            pieces.append((font, [char]))
    return [(font.name, "".join(chars)) for font, chars in pieces]


def _missing_message(char, fonts):
    letter = f"“{char}” (U+{ord(char):04X} {unicodedata.name(char, '')})".replace(" )", ")")
    if fonts.missing:
        return (
            f"No installed font can draw {letter}: install the Debian package(s) "
            f"{', '.join(fonts.missing)}."
        )
    return f"None of the fonts {', '.join(f.name for f in fonts.fonts)} can draw {letter}."


class Writer:
    """Draws text on a ReportLab canvas through the font chain."""

    def __init__(self, canvas):
        self.canvas = canvas

    def width(self, text, size, *, bold=False):
        return sum(
            pdfmetrics.stringWidth(piece, name, size) for name, piece in runs(text, bold=bold)
        )

    def fit(self, text, size, width, *, bold=False, smallest=10):
        """The largest size up to `size` (not below `smallest`) at which `text` fits `width`."""
        while size > smallest and self.width(text, size, bold=bold) > width:
            size -= 1
        return size

    def lines(self, text, size, width, *, bold=False):
        """`text` broken at spaces into lines no wider than `width` (a longer word stays whole)."""
        lines = []
        for word in str(text).split():
            if lines and self.width(f"{lines[-1]} {word}", size, bold=bold) <= width:
                lines[-1] = f"{lines[-1]} {word}"
            else:
                lines.append(word)
        return lines

    def draw(self, x, y, text, size, *, bold=False, align="left"):
        """Draw `text` with its left edge, centre or right edge (`align`) at `x`."""
        pieces = runs(text, bold=bold)
        total = sum(pdfmetrics.stringWidth(piece, name, size) for name, piece in pieces)
        if align == "centre":
            x -= total / 2
        elif align == "right":
            x -= total
        for name, piece in pieces:
            self.canvas.setFont(name, size)
            self.canvas.drawString(x, y, piece)
            x += pdfmetrics.stringWidth(piece, name, size)
        return total
