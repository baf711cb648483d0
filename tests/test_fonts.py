"""The bundled fonts are subsets: every character any shipped text uses must be in them."""

from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.pdfbase.ttfonts import TTFontFile

PACKAGE = Path(__file__).resolve().parent.parent / "custserv_audit"
FONTS = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")


def shipped_characters() -> dict[str, str]:
    """Each character of the questionnaires, catalogues and sources, with a file using it."""
    found: dict[str, str] = {}
    patterns = ("questionnaires/*.yaml", "locale/*/LC_MESSAGES/*.po", "**/*.py")
    for pattern in patterns:
        for path in sorted(PACKAGE.glob(pattern)):
            for ch in path.read_text(encoding="utf-8"):
                if ord(ch) >= 0x20 and ch not in found:
                    found[ch] = str(path.relative_to(PACKAGE))
    return found


@pytest.mark.parametrize("name", FONTS)
def test_every_shipped_character_is_in_the_font(name: str) -> None:
    font = TTFontFile(str(PACKAGE / "fonts" / name))
    missing = {
        f"U+{ord(ch):04X} {ch!r} ({where})"
        for ch, where in shipped_characters().items()
        if ord(ch) not in font.charToGlyph
    }
    assert not missing, sorted(missing)


@pytest.mark.parametrize("name", FONTS)
def test_the_font_covers_latin_names_beyond_the_three_languages(name: str) -> None:
    """Respondents' names are typed by users: Latin-1 and Latin Extended-A and -B print."""
    font = TTFontFile(str(PACKAGE / "fonts" / name))
    needed = [*range(0x20, 0x7F), *range(0xA0, 0x250)]
    assert [f"U+{cp:04X}" for cp in needed if cp not in font.charToGlyph] == []


def test_the_fonts_are_subsets() -> None:
    """The full DejaVu Sans is about 700 kB per face; the subsets are a fraction of that."""
    for name in FONTS:
        assert (PACKAGE / "fonts" / name).stat().st_size < 200_000
