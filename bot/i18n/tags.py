"""BCP 47 language tags: which strings name a real language, and their normal form.

A content folder (``blog/es``), a Hugo file-name suffix (``post.es.md``), front-matter ``lang``
and a user's ``language`` option all pass through :func:`normalize_tag`, so ``pt_br``,
``PT-br`` and ``pt-BR`` are one language everywhere. The registry is the IANA language
subtag registry as shipped by ``langcodes``.
"""

from __future__ import annotations

from functools import lru_cache

import langcodes

_NOT_LANGUAGES = frozenset({"und", "zxx", "mul", "mis"})


@lru_cache(maxsize=4096)
def normalize_tag(text: str) -> str | None:
    """Return the standard form of a BCP 47 tag naming a registered language, else ``None``.

    ``"pt_br"`` -> ``"pt-BR"``, ``"EN"`` -> ``"en"``, ``"i-klingon"`` -> ``"tlh"``;
    ``"images"``, ``"drafts"``, ``"blog"``, ``"xx"``, ``"und"`` and private-use codes
    (``qaa``-``qtz``) -> ``None``. Never raises.
    """
    candidate = text.strip().replace("_", "-")
    if not candidate or len(candidate) > 35:
        return None
    try:
        if not langcodes.tag_is_valid(candidate):
            return None
        language = langcodes.Language.get(candidate)
    except (ValueError, LookupError):
        return None
    base = language.language
    if base is None or base in _NOT_LANGUAGES or not language.is_valid():
        return None
    if "qaa" <= base <= "qtz":
        return None
    return str(langcodes.standardize_tag(candidate))
