"""File sizes: the real site's distribution, drawn for the synthetic corpus, and measured back.

The real site's post files, all languages together, have these sizes: 10th percentile 10 KB,
median 15 KB, 90th 21 KB, 99th 38 KB, largest 46 KB (:data:`TARGET_KIB`; KB = 1,024 bytes
here). Its Arabic posts are about 19 KB on average and its Chinese ones about 11 KB
(:data:`LANGUAGE_MEAN_KIB`): the same text takes more or fewer bytes in another script.

:func:`file_sizes` gives the corpus's N x L files exactly the target's N x L quantiles, and
decides which file gets which by rank: each post has a length (a post long in one language is
long in all), each language a shift (Arabic up, Chinese down), each file a little noise of its
own; the files sorted by post length + language shift + noise take the sizes in order. The
shifts are calibrated so each language's mean is its :data:`LANGUAGE_MEAN_KIB` (scaled so they
average to the target's mean). A translation does not simply scale its post: the target's
largest file (46 KB) is only 1.2 x its 99th percentile (38 KB), less than Arabic is to Chinese.
"""

from __future__ import annotations

import functools
import math
import random
import statistics
from collections.abc import Iterable, Sequence
from statistics import NormalDist
from typing import Any

from bench.pools import SCRIPTS
from bench.stats import percentile

KIB = 1024

#: The real site's post files, all languages together: percentile -> KiB (0: the smallest).
TARGET_KIB: dict[float, float] = {0: 6.0, 10: 10.0, 50: 15.0, 90: 21.0, 99: 38.0, 100: 46.0}

#: A post's file's mean size per language, KiB. Arabic (19) and Chinese (11) are the real
#: site's, its longest and shortest; the others keep the ratios of the same post's translations
#: in ``content/`` (Spanish 1.15 x English, Japanese 1.23 x, Korean 0.76 x Arabic); Hindi
#: (3 bytes a Devanagari letter) and Russian (2 a Cyrillic one) are taken about as long as
#: Arabic, the Latin-script languages the site lacks like their neighbours; and English is set
#: so the default run's 20 languages average the target's mean (16.1 KiB).
LANGUAGE_MEAN_KIB: dict[str, float] = {
    "en": 14.4, "es": 16.6, "pt": 16.2, "sv": 15.3, "nl": 15.9, "ro": 16.4, "ja": 17.7,
    "zh": 11.0, "ko": 14.4, "ar": 19.0, "hi": 19.0, "de": 16.6, "fr": 16.6, "it": 16.2,
    "pl": 16.2, "tr": 15.6, "ru": 18.0, "da": 15.3, "fi": 16.2, "no": 15.0, "cs": 15.9,
    "hu": 16.6,
}  # fmt: skip

#: Spread (standard deviation of the log) of posts' lengths, and of a translation's around its
#: post's.
POST_SPREAD = 0.3
FILE_SPREAD = 0.05

_PROBS = tuple(p / 100 for p in TARGET_KIB)
_KNOTS = tuple(TARGET_KIB.values())


def target_kib(u: float) -> float:
    """The target's quantile function (piecewise linear between its percentiles) at ``u``."""
    for i in range(1, len(_PROBS)):
        if u <= _PROBS[i] or i == len(_PROBS) - 1:
            low, high = _PROBS[i - 1], _PROBS[i]
            return _KNOTS[i - 1] + (_KNOTS[i] - _KNOTS[i - 1]) * (u - low) / (high - low)
    raise AssertionError("unreachable")


def target_mean_kib() -> float:
    """The target's mean file size, KiB."""
    segments = zip(_PROBS, _PROBS[1:], _KNOTS, _KNOTS[1:], strict=False)
    return sum((b - a) * (x + y) / 2 for a, b, x, y in segments)


def _rank(scores: Sequence[Sequence[float]]) -> list[list[float]]:
    """Give the files (``scores[language][post]``) the target's quantiles in score order."""
    order = sorted(
        (score, lang, post) for lang, row in enumerate(scores) for post, score in enumerate(row)
    )
    out = [[0.0] * len(row) for row in scores]
    for k, (_, lang, post) in enumerate(order):
        out[lang][post] = target_kib((k + 0.5) / len(order))
    return out


def _lengths(posts: int, rng: random.Random | None) -> list[float]:
    """Posts' log lengths, stratified (one in each of ``posts`` equal slices of the normal
    distribution), in a seeded order (midpoints, in order, without ``rng``)."""
    normal = NormalDist(0.0, POST_SPREAD)
    if rng is None:
        return [normal.inv_cdf((slot + 0.5) / posts) for slot in range(posts)]
    slots = list(range(posts))
    rng.shuffle(slots)
    return [
        normal.inv_cdf(min(max((slot + rng.random()) / posts, 1e-9), 1 - 1e-9)) for slot in slots
    ]


@functools.cache
def language_shifts(languages: tuple[str, ...]) -> tuple[float, ...]:
    """Each language's shift, calibrated on 400 posts so its files' mean size is its
    :data:`LANGUAGE_MEAN_KIB`, scaled so they average to the target's mean."""
    scale = target_mean_kib() / statistics.fmean(LANGUAGE_MEAN_KIB[code] for code in languages)
    wanted = [LANGUAGE_MEAN_KIB[code] * scale for code in languages]
    lengths = _lengths(400, None)
    shifts = [math.log(mean) for mean in wanted]
    for _ in range(12):
        sizes = _rank([[length + shift for length in lengths] for shift in shifts])
        shifts = [
            shift + math.log(want / statistics.fmean(row))
            for shift, want, row in zip(shifts, wanted, sizes, strict=True)
        ]
    return tuple(shifts)


def file_sizes(posts: int, languages: Sequence[str], seed: int) -> dict[str, list[int]]:
    """Bytes to write for each post (by index) in each language: see the module's doc."""
    rng = random.Random(f"{seed}:sizes")
    lengths = _lengths(posts, rng)
    shifts = language_shifts(tuple(languages))
    scores = [
        [length + shift + rng.gauss(0.0, FILE_SPREAD) for length in lengths] for shift in shifts
    ]
    ranked = _rank(scores)
    return {
        code: [round(kib * KIB) for kib in row] for code, row in zip(languages, ranked, strict=True)
    }


def _summary(sizes: Sequence[int]) -> dict[str, float | int]:
    kib = [size / KIB for size in sizes]
    out: dict[str, float | int] = {"files": len(kib)}
    for p in (10, 50, 90, 99):
        out[f"p{p}"] = round(percentile(kib, p), 2)
    out["max"] = round(max(kib), 2)
    out["mean"] = round(statistics.fmean(kib), 2)
    return out


def size_report(files: Iterable[tuple[str, int]]) -> dict[str, Any]:
    """Percentiles (p10, p50, p90, p99), largest and mean file size, KiB: of all files, per
    script and per language, from ``(language, bytes)`` pairs; with the target."""
    by_language: dict[str, list[int]] = {}
    for language, size in files:
        by_language.setdefault(language, []).append(size)
    by_script: dict[str, list[int]] = {}
    for language, sizes in by_language.items():
        by_script.setdefault(SCRIPTS.get(language, "other"), []).extend(sizes)
    every = [size for sizes in by_language.values() for size in sizes]
    target = {f"p{p:g}" if p < 100 else "max": kib for p, kib in TARGET_KIB.items() if p > 0}
    return {
        "unit": "KiB",
        "target": target,
        "target_language_means": {"ar": 19.0, "zh": 11.0},
        "all": _summary(every) if every else None,
        "scripts": {script: _summary(sizes) for script, sizes in sorted(by_script.items())},
        "languages": {lang: _summary(sizes)["mean"] for lang, sizes in by_language.items()},
    }
