"""Subset the bundled DejaVu Sans to the characters the tool can need.

Usage: python scripts/subset_fonts.py DIR   (DIR holds DejaVuSans.ttf and DejaVuSans-Bold.ttf
of DejaVu 2.37, https://dejavu-fonts.github.io/). Needs fontTools (`pip install fonttools`).

Kept: Latin (Basic, Latin-1, Extended-A and -B, so respondents' names in any Latin-script
language print), general punctuation, and every character of the shipped texts (the
questionnaires, the message catalogues, the renderers' own strings). tests/test_fonts.py
fails when a shipped text uses a character outside the subset.
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "custserv_audit"
RANGES = [
    (0x0020, 0x007E),  # Basic Latin
    (0x00A0, 0x024F),  # Latin-1 Supplement, Latin Extended-A and -B
    (0x2010, 0x205E),  # General Punctuation
    (0x20AC, 0x20AC),  # euro sign
    (0x2190, 0x2193),  # arrows
    (0x2212, 0x2212),  # minus sign
    (0x2264, 0x2265),  # less-than or equal, greater-than or equal
    (0x25A0, 0x25FF),  # geometric shapes (boxes, triangles)
    (0x2713, 0x2717),  # check and cross marks
]


def shipped_text() -> str:
    """Every text the package ships: questionnaires, catalogues and Python sources."""
    parts = []
    for pattern in ("questionnaires/*.yaml", "locale/*/LC_MESSAGES/*.po", "**/*.py"):
        parts += [p.read_text(encoding="utf-8") for p in sorted(PACKAGE.glob(pattern))]
    return "".join(parts)


def wanted() -> set[int]:
    """The code points to keep."""
    points = {cp for low, high in RANGES for cp in range(low, high + 1)}
    points |= {ord(ch) for ch in shipped_text() if ord(ch) >= 0x20}
    return points


def main(argv: list[str]) -> int:
    """Write the subsets into the package's fonts folder."""
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    source = Path(argv[0])
    options = subset.Options()
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.glyph_names = True
    options.hinting = False
    options.layout_features = ["*"]
    unicodes = sorted(wanted())
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        font = subset.load_font(str(source / name), options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=unicodes)
        subsetter.subset(font)
        target = PACKAGE / "fonts" / name
        subset.save_font(font, str(target), options)
        print(f"{target.relative_to(ROOT)}: {target.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
