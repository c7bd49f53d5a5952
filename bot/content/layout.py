"""Path rules: which files under CONTENT_DIR are posts, and what their path says.

Paths are relative to CONTENT_DIR with ``/`` separators. Two Hugo conventions are understood
(https://gohugo.io/content-management/multilingual/#translate-your-content):

- translation by content directory: ``es/kdd-workshop-2024.md`` (also deeper,
  ``es/2024/kdd-workshop-2024.md``): the first folder is the language;
- translation by file name: ``kdd-workshop-2024.es.md``, anywhere (also at the root).

Hugo's section files (``_index.md``) and page-bundle files (``index.md``) are not posts.
A Markdown file at the root with no language suffix (a ``README.md``) is not a post either.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.i18n.tags import normalize_tag

#: File name endings of Markdown posts, compared case-insensitively.
MARKDOWN_SUFFIXES = (".md", ".markdown")

#: Hugo's list-page and bundle file names (before any language suffix).
SECTION_NAMES = frozenset({"_index", "index"})


@dataclass(frozen=True, slots=True)
class PathInfo:
    """What a candidate post's path says.

    ``name`` is the file name without extension and language suffix (the default key and
    slug). ``folder`` is the first folder (``None`` at the root) and ``folder_language`` its
    normalized tag when it names a language. ``suffix_language`` is the normalized tag of a
    ``.<lang>.md`` suffix. ``section`` is true for ``_index.md``/``index.md``.
    """

    name: str
    folder: str | None
    folder_language: str | None
    suffix_language: str | None
    section: bool


def is_candidate(path: str) -> bool:
    """Whether ``path`` may be a post, judged by its name alone (no IO).

    True for names ending in ``.md`` or ``.markdown`` (any case) that are not hidden
    (a leading ``.``: editor lock files, ``.DS_Store``-style files). Used by the loader's
    directory scan to skip images and other assets.
    """
    filename = path.rpartition("/")[2]
    if not filename or filename.startswith("."):
        return False
    return filename.lower().endswith(MARKDOWN_SUFFIXES)


def describe(path: str) -> PathInfo | None:
    """Split a relative path into what it says about the post, or ``None`` if not a post.

    ``None`` means "not a post and not an error": not Markdown (see :func:`is_candidate`),
    or a file at the root with no language suffix (``README.md``).
    ``"es/kdd.md"`` -> name ``kdd``, folder ``es``, folder language ``es``;
    ``"posts/kdd.pt_br.md"`` -> name ``kdd``, folder ``posts`` (not a language), suffix
    language ``pt-BR``. A suffix counts only if :func:`normalize_tag` accepts it, so
    ``v2.0.md`` is the name ``v2.0``.
    """
    if not is_candidate(path):
        return None
    folders, _, filename = path.strip("/").rpartition("/")
    stem = filename[: filename.rfind(".")]
    name, dot, suffix = stem.rpartition(".")
    suffix_language = normalize_tag(suffix) if dot and name else None
    if suffix_language is None:
        name = stem
    folder = folders.split("/", 1)[0] if folders else None
    if folder is None and suffix_language is None:
        return None
    return PathInfo(
        name=name,
        folder=folder,
        folder_language=normalize_tag(folder) if folder else None,
        suffix_language=suffix_language,
        section=name.lower() in SECTION_NAMES,
    )


def resolve_language(
    info: PathInfo, front_matter_lang: str | None
) -> tuple[str, None] | tuple[None, str]:
    """Decide a translation's language from its path and its (normalized) front-matter ``lang``.

    Returns ``(language, None)`` or ``(None, reason)``. The sources are the first folder,
    the file-name suffix and front-matter ``lang``; all that are present must agree exactly
    (``pt`` and ``pt-BR`` disagree). A first folder that is not a language is ignored when
    another source names the language (``posts/kdd.es.md``), else it is an error.
    """
    sources: list[tuple[str, str]] = []
    if info.folder_language:
        sources.append(("the folder", info.folder_language))
    if info.suffix_language:
        sources.append(("the file name", info.suffix_language))
    if front_matter_lang:
        sources.append(("front matter lang", front_matter_lang))
    if not sources:
        return None, (
            f"folder '{info.folder}' is not a language (expected a BCP 47 tag such as es or pt-BR)"
        )
    first_source, language = sources[0]
    for source, other in sources[1:]:
        if other != language:
            return None, (
                f"language sources disagree: {first_source} says '{language}', "
                f"{source} says '{other}'"
            )
    return language, None
