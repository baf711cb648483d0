"""Simulated pen marks and scanner/phone damage, for the tests and the scan benchmark.

A filled-in form is simulated by drawing marks into a page image rendered from
the form's PDF; `degrade` then does to it what scanners and phones do.
Needs the `scan` extra.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .deps import require
from .layout import Rect

Image = Any

STYLES = ("tick", "cross", "filled", "dot")


@dataclass(frozen=True)
class Mark:
    """A pen mark in one box: its shape, ink darkness (0 black .. 255 paper), pen width (points).

    `shift` moves the mark by a fraction of the box (marks that overlap the edge).
    """

    style: str = "tick"
    ink: int = 40
    pen: float = 0.8
    shift: tuple[float, float] = (0.0, 0.0)
    size: float = 1.0


def draw_mark(image: Image, rect: Rect, dpi: float, mark: Mark, rng: Any) -> None:
    """Draw `mark` into the box `rect` (points) of a page image rendered at `dpi`."""
    np = require("numpy")
    cv2 = require("cv2")
    s = dpi / 72
    side = rect.width * s * mark.size
    cx = (rect.x + rect.width / 2) * s + mark.shift[0] * rect.width * s
    cy = (rect.y + rect.height / 2) * s + mark.shift[1] * rect.height * s
    pen = max(1, round(mark.pen * s))
    colour = int(mark.ink)

    def pt(fx: float, fy: float) -> tuple[int, int]:
        jx, jy = rng.normal(0, 0.04, 2)
        return int(cx + (fx - 0.5 + jx) * side), int(cy + (fy - 0.5 + jy) * side)

    if mark.style == "tick":
        points = np.array([pt(0.12, 0.55), pt(0.4, 0.88), pt(0.92, 0.08)], dtype=np.int32)
        cv2.polylines(image, [points], False, colour, pen, cv2.LINE_AA)
    elif mark.style == "cross":
        cv2.line(image, pt(0.1, 0.1), pt(0.9, 0.9), colour, pen, cv2.LINE_AA)
        cv2.line(image, pt(0.9, 0.1), pt(0.1, 0.9), colour, pen, cv2.LINE_AA)
    elif mark.style == "filled":
        points = np.array(
            [pt(0.04, 0.04), pt(0.96, 0.04), pt(0.96, 0.96), pt(0.04, 0.96)], dtype=np.int32
        )
        cv2.fillPoly(image, [points], colour, cv2.LINE_AA)
    elif mark.style == "crossed":  # a filled box crossed out: a correction
        points = np.array(
            [pt(0.04, 0.04), pt(0.96, 0.04), pt(0.96, 0.96), pt(0.04, 0.96)], dtype=np.int32
        )
        cv2.fillPoly(image, [points], colour, cv2.LINE_AA)
        cv2.line(image, pt(-0.35, -0.35), pt(1.35, 1.35), colour, pen, cv2.LINE_AA)
        cv2.line(image, pt(1.35, -0.35), pt(-0.35, 1.35), colour, pen, cv2.LINE_AA)
    elif mark.style == "dot":  # a small blob, as a hurried pen leaves
        cv2.circle(image, pt(0.5, 0.5), max(2, int(side * 0.22)), colour, -1, cv2.LINE_AA)
    else:
        raise ValueError(mark.style)


@dataclass(frozen=True)
class Damage:
    """What a scanner or phone does to a page."""

    angle: float = 0.0  # degrees; 180 = upside down
    perspective: float = 0.0  # corner displacement as a fraction of the page
    scale: float = 1.0  # printed at 90-100 % ("fit to page")
    blur: float = 0.0  # Gaussian sigma, pixels
    noise: float = 0.0  # standard deviation of grey-level noise
    lighting: float = 0.0  # darkening across the page, 0..1
    jpeg: int = 0  # JPEG quality (0: no JPEG round trip)


def degrade(image: Image, damage: Damage, rng: Any) -> Image:
    """The page image as a scanner or phone might deliver it."""
    np = require("numpy")
    cv2 = require("cv2")
    h, w = image.shape[:2]
    out = image
    if damage.scale != 1.0 or damage.angle % 360 or damage.perspective:
        # Print smaller ("fit to page"), then rotate and tilt on a slightly larger sheet.
        pad = int(0.04 * max(h, w))
        src = np.array([[0, 0], [w, 0], [w, h], [0, h]], dtype=np.float32)
        cx, cy = w / 2, h / 2
        dst = (src - (cx, cy)) * damage.scale
        theta = np.deg2rad(damage.angle)
        rot = np.array([[np.cos(theta), -np.sin(theta)], [np.sin(theta), np.cos(theta)]])
        dst = dst @ rot.T + (cx + pad, cy + pad)
        dst += rng.uniform(-1, 1, (4, 2)) * damage.perspective * max(h, w)
        matrix = cv2.getPerspectiveTransform(src, dst.astype(np.float32))
        out = cv2.warpPerspective(
            out, matrix, (w + 2 * pad, h + 2 * pad), flags=cv2.INTER_LINEAR, borderValue=235
        )
    if damage.lighting:
        hh, ww = out.shape[:2]
        gx = np.linspace(1.0, 1.0 - damage.lighting, ww, dtype=np.float32)
        gy = np.linspace(1.0 - damage.lighting / 2, 1.0, hh, dtype=np.float32)
        out = out.astype(np.float32) * np.outer(gy, gx)
    if damage.blur:
        out = cv2.GaussianBlur(out, (0, 0), damage.blur)
    if damage.noise:
        out = out.astype(np.float32) + rng.normal(0, damage.noise, out.shape)
    out = np.clip(out, 0, 255).astype(np.uint8)
    if damage.jpeg:
        _ok, data = cv2.imencode(".jpg", out, [cv2.IMWRITE_JPEG_QUALITY, damage.jpeg])
        out = cv2.imdecode(data, cv2.IMREAD_GRAYSCALE)
    return out
