"""Path rules: which files are posts and what their path says (bot.content.layout)."""

from __future__ import annotations

import pytest

from bot.content.layout import PathInfo, describe, is_candidate, resolve_language


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("es/kdd.md", True),
        ("es/kdd.markdown", True),
        ("es/KDD.MD", True),
        ("README.md", True),
        ("images/cover.jpeg", False),
        ("es/notes.txt", False),
        ("es/.#kdd.md", False),
        ("es/", False),
    ],
)
def test_is_candidate(path: str, expected: bool) -> None:
    assert is_candidate(path) is expected


def test_folder_language() -> None:
    assert describe("es/kdd-workshop-2024.md") == PathInfo(
        name="kdd-workshop-2024",
        folder="es",
        folder_language="es",
        suffix_language=None,
        section=False,
    )


def test_deeper_folders_use_the_first() -> None:
    info = describe("pt_br/2024/kdd.md")
    assert info is not None
    assert (info.name, info.folder_language) == ("kdd", "pt-BR")


def test_suffix_language_anywhere() -> None:
    root = describe("kdd.es.md")
    nested = describe("posts/kdd.es.md")
    assert root is not None and nested is not None
    assert (root.name, root.folder, root.suffix_language) == ("kdd", None, "es")
    assert (nested.name, nested.folder, nested.folder_language) == ("kdd", "posts", None)
    assert nested.suffix_language == "es"


def test_a_suffix_that_is_not_a_language_is_part_of_the_name() -> None:
    info = describe("es/release-v2.0.md")
    assert info is not None
    assert (info.name, info.suffix_language) == ("release-v2.0", None)


def test_root_file_without_suffix_and_non_markdown_are_not_posts() -> None:
    assert describe("README.md") is None
    assert describe("es/cover.png") is None


@pytest.mark.parametrize(
    "path", ["es/_index.md", "es/index.md", "_index.es.md", "es/2024/index.md"]
)
def test_section_files(path: str) -> None:
    info = describe(path)
    assert info is not None and info.section


def test_resolve_language_agreeing_sources() -> None:
    info = describe("es/kdd.es.md")
    assert info is not None
    assert resolve_language(info, "es") == ("es", None)


def test_resolve_language_conflicts_name_the_sources() -> None:
    info = describe("es/kdd.pt.md")
    assert info is not None
    language, reason = resolve_language(info, None)
    assert language is None
    assert reason == "language sources disagree: the folder says 'es', the file name says 'pt'"


def test_resolve_language_front_matter_rescues_a_non_language_folder() -> None:
    info = describe("drafts/kdd.md")
    assert info is not None
    assert resolve_language(info, "sv") == ("sv", None)
    assert resolve_language(info, None) == (
        None,
        "folder 'drafts' is not a language (expected a BCP 47 tag such as es or pt-BR)",
    )
