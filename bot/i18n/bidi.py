"""Right-to-left text beside left-to-right text: Unicode isolates (UAX #9).

A frame in Arabic holding a Latin slug, URL or number, or an English frame holding an Arabic
title, is displayed in the wrong order unless the embedded run is *isolated*: wrapped in FIRST
STRONG ISOLATE (U+2068) and POP DIRECTIONAL ISOLATE (U+2069), which takes the run's own
direction from its first strong character and keeps it from reordering its neighbours
(https://www.unicode.org/reports/tr9/#Explicit_Directional_Isolates). Isolates are characters:
they count toward Discord's length limits, and never go into URLs, custom ids or command names.
"""

from __future__ import annotations

import unicodedata

__all__ = ["FSI", "PDI", "has_rtl", "isolate"]

FSI = "\u2068"
"""FIRST STRONG ISOLATE."""
PDI = "\u2069"
"""POP DIRECTIONAL ISOLATE."""
_RTL_CLASSES = frozenset({"R", "AL"})


def has_rtl(text: str) -> bool:
    """Whether ``text`` has a right-to-left letter (bidi class R or AL: Hebrew, Arabic…)."""
    return any(unicodedata.bidirectional(char) in _RTL_CLASSES for char in text)


def isolate(text: str) -> str:
    """``text`` between FSI and PDI; an empty or already isolated text is returned as is."""
    if not text or (text.startswith(FSI) and text.endswith(PDI)):
        return text
    return f"{FSI}{text}{PDI}"
