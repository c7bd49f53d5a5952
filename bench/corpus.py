"""A deterministic synthetic blog shaped like the real posts, in up to 22 languages.

``<root>/<lang>/<slug>.md`` for N posts by L languages, each file the size :mod:`bench.sizes`
draws from the real site's distribution (median 15 KB; 10 to 46 KB). A file is YAML front
matter (title, date, keywords, site-relative image), the cover image line and its italic
caption, an introduction, then long ``##`` sections: prose paragraphs with many links
(external and site-relative), bullet and numbered lists with bold lead-ins, Markdown pipe
tables, fenced code blocks, images, sometimes a ``###`` subsection or a quote. Text comes from
per-language vocabularies (:mod:`bench.pools`), so scripts, accents and byte sizes look like
the real thing. The same seed gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.pools import (
    LANGUAGE_ORDER,
    cjk_glue,
    common_words,
    fragments,
    full_stop,
    is_cjk,
    languages,
    words,
)
from bench.sizes import file_sizes, size_report

__all__ = [
    "LANGUAGE_ORDER",
    "Corpus",
    "common_words",
    "corpus_sizes",
    "edit",
    "generate",
    "languages",
    "load_or_generate",
    "render_post",
    "words",
]

_EXTERNAL = (
    "https://arxiv.org/abs/2401.{:05d}",
    "https://github.com/example/project-{}",
    "https://docs.example.org/guide/section-{}",
    "https://www.linkedin.com/in/person-{}/",
    "https://dl.acm.org/doi/10.1145/3637528.{}",
    "https://huggingface.co/datasets/example/set-{}",
    "https://en.wikipedia.org/wiki/Topic_{}",
)
_SITE = ("/{lang}/blog/{slug}", "/{lang}/docs/{slug}", "/{lang}/solutions/{slug}", "/pricing")
_IDENTIFIERS = words("en")[:30]


@dataclass(frozen=True)
class Corpus:
    """What was generated: the content folder, languages, post keys (file names), dates, per
    language each post's title (aligned with ``keys``) and file size in bytes."""

    root: Path
    languages: list[str]
    keys: list[str]
    dates: list[dt.date]
    titles: dict[str, list[str]]
    seed: int = 1
    sizes: dict[str, list[int]] = field(default_factory=dict)

    @property
    def files(self) -> int:
        return len(self.keys) * len(self.languages)

    def path(self, index: int, language: str) -> Path:
        return self.root / language / f"{self.keys[index]}.md"


class _Writer:
    """Markdown in one language from a seeded generator."""

    def __init__(self, language: str, rng: random.Random) -> None:
        self.language = language
        self.rng = rng
        self.pool = words(language)
        self.runs = fragments(language)
        self.cjk = is_cjk(language)
        self.space = "" if self.cjk else " "
        self.stop = full_stop(language)
        self.glue = cjk_glue(language) if self.cjk else ((), ())

    def phrase(self, low: int, high: int) -> str:
        """``low``..``high`` common words (titles, keywords, headings, lead-ins)."""
        random, pool = self.rng.random, self.pool
        count = low + int(random() * (high - low + 1))
        return self.space.join([pool[int(random() * len(pool))] for _ in range(count)])

    def title(self) -> str:
        text = self.phrase(3, 7)
        if not self.cjk:
            text = text[0].upper() + text[1:]
        return f"{text} {self.rng.randint(2015, 2025)}" if self.rng.random() < 0.3 else text

    def url(self) -> str:
        rng = self.rng
        if rng.random() < 0.35:
            slug = "-".join(rng.choices(_IDENTIFIERS, k=3)) + f"-{rng.randint(1, 999)}"
            return rng.choice(_SITE).format(lang=self.language, slug=slug)
        return rng.choice(_EXTERNAL).format(rng.randint(100, 99999))

    def sentences(self, count: int, links: int = 0) -> list[str]:
        """``count`` sentences of body text (a few :func:`~bench.pools.fragments` each), with
        ``links`` links between their words."""
        random, runs = self.rng.random, self.runs
        high = 2 if self.cjk else 3
        parts = [
            [runs[int(random() * len(runs))] for _ in range(1 + int(random() * high))]
            for _ in range(count)
        ]
        for _ in range(links):
            sentence = parts[int(random() * count)]
            sentence.insert(
                int(random() * (len(sentence) + 1)), f"[{self.phrase(1, 3)}]({self.url()})"
            )
        if self.cjk:
            pool, endings = self.pool, self.glue[1]
            return [
                "".join(p) + pool[int(random() * len(pool))] + endings[int(random() * len(endings))]
                for p in parts
            ]
        out = []
        for p in parts:
            text = " ".join(p)
            out.append(text[0].upper() + text[1:] + self.stop)
        return out

    def paragraph(self, links: int = 0) -> str:
        return self.space.join(self.sentences(self.rng.randint(3, 6), links))

    def items(self, ordered: bool) -> str:
        """A bullet or numbered list, each item with a bold lead-in."""
        rng = self.rng
        count = rng.randint(3, 6)
        out = []
        for n in range(1, count + 1):
            mark = f"{n}." if ordered else "-"
            body = self.space.join(self.sentences(rng.randint(1, 3), int(rng.random() < 0.3)))
            lead = self.phrase(1, 3)
            lead = lead if self.cjk else lead[0].upper() + lead[1:]
            out.append(f"{mark} **{lead}**: {body}")
        return ("\n\n" if rng.random() < 0.5 else "\n").join(out)

    def table(self) -> str:
        rng = self.rng
        columns = rng.randint(3, 5)
        header = [self.phrase(1, 2) for _ in range(columns)]
        rows = ["| " + " | ".join(header) + " |", "|---" + "|---:" * (columns - 1) + "|"]
        for _ in range(rng.randint(3, 8)):
            cells = [self.phrase(1, 3)]
            for _ in range(columns - 1):
                kind = rng.random()
                if kind < 0.3:
                    cells.append(f"{rng.uniform(0, 100):.1f}%")
                elif kind < 0.6:
                    cells.append(f"{rng.randint(1, 99999):,}")
                elif kind < 0.8:
                    cells.append(f"{rng.random():.2f}")
                else:
                    cells.append(self.phrase(1, 2))
            rows.append("| " + " | ".join(cells) + " |")
        return "\n".join(rows)

    def code(self) -> str:
        rng = self.rng
        a, b, c = rng.sample(_IDENTIFIERS, 3)
        n = rng.randint(2, 2048)
        kind = rng.randrange(5)
        if kind == 0:
            checks = rng.sample(_IDENTIFIERS, rng.randint(1, 4))
            lines = [
                f"from {a} import load_{b}, {c}",
                "",
                f"def run_{a}(path: str) -> list[str]:",
                f"    docs = load_{b}(path, limit={n})",
                *(f"    docs = [d for d in docs if d.{w} is not None]" for w in checks),
                f"    return {c}(docs, size={n // 2 + 1})",
                "",
                f"print(run_{a}('{b}/'))",
            ]
            return "```python\n" + "\n".join(lines) + "\n```"
        if kind == 1:
            return (f"```bash\npip install {a}-{b}\n{a}-{b} extract --input {c}.pdf"
                    f" --format json --pages 1-{n}\n```")  # fmt: skip
        if kind == 2:
            pairs = [f'  "{w}": {rng.randint(0, n)}' for w in rng.sample(_IDENTIFIERS, 4)]
            return "```json\n{\n" + ",\n".join(pairs) + "\n}\n```"
        if kind == 3:
            pairs = [f"  {w}: {rng.random():.2f}" for w in rng.sample(_IDENTIFIERS, 4)]
            return f"```yaml\n{a}:\n" + "\n".join(pairs) + f"\n{b}: {n}\n```"
        return (f"```sql\nSELECT {a}, count(*) AS {b}\nFROM {c}\nWHERE {b} > {n}\n"
                f"GROUP BY {a}\nORDER BY {b} DESC;\n```")  # fmt: skip

    def section(self, key: str, number: int) -> str:
        rng = self.rng
        blocks = [f"## {self.title()}", self.paragraph(links=rng.randint(0, 2))]
        if rng.random() < 0.6:
            blocks.append(self.items(ordered=rng.random() < 0.4))
        if rng.random() < 0.25:
            blocks.append(self.table())
        if rng.random() < 0.3:
            blocks.append(self.code())
        if rng.random() < 0.7:
            blocks.append(self.paragraph(links=rng.randint(0, 2)))
        if rng.random() < 0.2:
            blocks += [f"### {self.title()}", self.paragraph(links=rng.randint(0, 1))]
        if rng.random() < 0.25:
            blocks.append(f"![{self.phrase(2, 4)}](/images/blog/{key}-{number}.jpg)")
            if rng.random() < 0.5:
                blocks[-1] += f"\n_{self.phrase(3, 8)}_"
        if rng.random() < 0.08:
            blocks.append("> " + self.space.join(self.sentences(rng.randint(1, 2))))
        return "\n\n".join(blocks)


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def render_post(
    key: str, language: str, title: str, date: dt.date, seed: int, size: int, revision: str = ""
) -> str:
    """One post file's text, of about ``size`` bytes (within half a sentence). ``revision``
    (non-empty) appends a line: an edited file."""
    rng = random.Random(f"{seed}:{key}:{language}:body")
    writer = _Writer(language, rng)
    keywords = ",".join(dict.fromkeys(writer.phrase(1, 2) for _ in range(rng.randint(5, 10))))
    image = f"/images/blog/{key}-cover.jpeg"
    head = (
        f"---\ntitle: {_quote(title)}\ndate: '{date.isoformat()}'\n"
        f"keywords: {_quote(keywords)}\nimage: '{image}'\n---\n\n"
        f"![{writer.phrase(2, 4)}]({image})\n_{writer.phrase(4, 8)}_\n\n"
        + writer.paragraph(links=3)
    )
    parts = [head]
    used = len(head.encode())
    # Whole sections while the next one fits, then sentences up to the size.
    while True:
        text = writer.section(key, len(parts))
        if used + len(text.encode()) + 2 > size - 400:
            break
        parts.append(text)
        used += len(text.encode()) + 2
    if size - used > 1500:
        parts.append(f"## {writer.title()}")
        used += len(parts[-1].encode()) + 2
    parts.extend(_fill(writer, size - used))
    if revision:
        parts.append(f"_Revision {revision}._")
    return "\n\n".join(parts) + "\n"


def _fill(writer: _Writer, room: int) -> list[str]:
    """Paragraphs of up to six sentences, about ``room`` bytes in all (within half a
    sentence)."""
    paragraphs: list[list[str]] = []
    used = 0
    while True:
        (sentence,) = writer.sentences(1, int(writer.rng.random() < 0.2))
        new = not paragraphs or len(paragraphs[-1]) == 6
        cost = len(sentence.encode()) + (2 if new else len(writer.space))
        if used + cost // 2 > room:
            break
        if new:
            paragraphs.append([])
        paragraphs[-1].append(sentence)
        used += cost
    return [writer.space.join(paragraph) for paragraph in paragraphs]


def _plan(posts: int, seed: int) -> tuple[list[str], list[dt.date]]:
    rng = random.Random(f"{seed}:plan")
    english = words("en")
    keys, dates = [], []
    start = dt.date(2015, 1, 1).toordinal()
    for index in range(posts):
        stem = "-".join(w for w in rng.sample(english, 3) if w.isascii())
        keys.append(f"{stem.replace(' ', '-')}-{index}".lower())
        dates.append(dt.date.fromordinal(start + rng.randrange(11 * 365)))
    return keys, dates


def _title(key: str, language: str, seed: int) -> str:
    return _Writer(language, random.Random(f"{seed}:{key}:{language}:title")).title()


def generate(root: Path, posts: int, language_count: int, *, seed: int = 1) -> Corpus:
    """Write ``posts`` x ``language_count`` files under ``root`` (created); return the
    :class:`Corpus`. Existing files with the same names are overwritten."""
    langs = languages(language_count)
    keys, dates = _plan(posts, seed)
    sizes = file_sizes(posts, langs, seed)
    titles: dict[str, list[str]] = {language: [] for language in langs}
    for language in langs:
        folder = root / language
        folder.mkdir(parents=True, exist_ok=True)
        for index, key in enumerate(keys):
            title = _title(key, language, seed)
            titles[language].append(title)
            text = render_post(key, language, title, dates[index], seed, sizes[language][index])
            (folder / f"{key}.md").write_bytes(text.encode())
    corpus = Corpus(root, langs, keys, dates, titles, seed, sizes)
    manifest = {"posts": posts, "languages": langs, "seed": seed, "titles": titles}
    (root.parent / f"{root.name}.manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False), encoding="utf-8"
    )
    return corpus


def load_or_generate(root: Path, posts: int, language_count: int, *, seed: int = 1) -> Corpus:
    """Reuse the corpus at ``root`` if its manifest matches, else :func:`generate` it."""
    manifest_path = root.parent / f"{root.name}.manifest.json"
    if manifest_path.exists():
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        langs = languages(language_count)
        if (manifest["posts"], manifest["languages"], manifest["seed"]) == (posts, langs, seed):
            keys, dates = _plan(posts, seed)
            sizes = file_sizes(posts, langs, seed)
            return Corpus(root, langs, keys, dates, manifest["titles"], seed, sizes)
    return generate(root, posts, language_count, seed=seed)


def edit(corpus: Corpus, index: int, language: str, revision: str) -> Path:
    """Rewrite one file with a ``revision`` line appended (new bytes, new mtime)."""
    path = corpus.path(index, language)
    text = render_post(
        corpus.keys[index],
        language,
        corpus.titles[language][index],
        corpus.dates[index],
        corpus.seed,
        corpus.sizes[language][index],
        revision,
    )
    path.write_bytes(text.encode())
    return path


def corpus_sizes(corpus: Corpus) -> dict[str, Any]:
    """:func:`bench.sizes.size_report` of the files on disk: percentiles, largest and mean
    size (KiB), of all files, per script and per language."""
    return size_report(
        (language, corpus.path(index, language).stat().st_size)
        for language in corpus.languages
        for index in range(len(corpus.keys))
    )
