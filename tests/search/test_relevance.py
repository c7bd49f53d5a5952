"""Relevance of /search on the sample content: hit rate at 1 and at 3 over written queries.

The queries are what members would type: inflected forms that differ from the text (plurals,
definite forms, verb forms), accents left out, two-character CJK words, several words. Each
is searched as a member whose resolved language is the query's language would search
(``prefer=`` that language, no language filter), and the rank of the expected post among the
distinct posts returned is recorded.

Thresholds, and why they mean something with only five posts. A ranking that returned every
post in random order would score hit@1 = 0.2 and hit@3 = 0.6; returning few posts and the
right one first is the point. So three figures are asserted:

* hit@3 >= 0.97 (at most one miss in 48): a post that is not found at all is a miss at
  every cut-off, so this measures recall, whether the analyzer bridges accents, inflection
  and CJK segmentation;
* hit@1 >= 0.97 (just under the measured 1.00): the expected post is first, ahead of the
  other posts of the preferred language (which come before every other language);
* precision: on average at most 2 distinct posts returned per query (5 would mean the
  query words match everything and hit@3 came for free).

Ranking between several good candidates is tested separately (``test_title_weighs_most``,
``test_preferred_language_first_then_the_others`` in ``test_query.py``).
"""

from __future__ import annotations

import aiosqlite

from bot.search.query import search

KDD = "kdd-workshop-2024"
PDF = "parsing-pdfs-for-rag"
TOKYO = "tokyo-meetup-2024"
EVAL = "evaluating-rag-answers"
DATA = "data-curation-101"

# (query, language, expected post key); comments name the form the text actually uses.
CASES: list[tuple[str, str, str]] = [
    # Spanish
    ("generacion aumentada por recuperacion", "es", KDD),  # Generación ... Recuperación
    ("aprendizaje automatico", "es", KDD),  # automático
    ("tablas escaneadas", "es", PDF),  # tablas, escaneada(s)
    ("orden de lectura", "es", PDF),
    ("ajustes finos de modelos", "es", KDD),  # Ajuste Fino
    ("fragmentacion", "es", PDF),  # fragmentación
    ("facturas", "es", PDF),  # factura
    # Portuguese
    ("avaliacoes de respostas", "pt", EVAL),  # avaliação, respostas
    ("alucinacao", "pt", EVAL),  # alucinações
    ("metrica", "pt", EVAL),  # métricas
    ("conferencia amazon", "pt", KDD),  # conferência
    ("modelo de linguagem", "pt", KDD),  # Modelos de Linguagem
    ("fidelidades", "pt", EVAL),  # fidelidade
    # Swedish
    ("språkmodellerna", "sv", KDD),  # Språkmodeller
    ("tabellerna", "sv", PDF),  # tabeller
    ("lasordning", "sv", PDF),  # läsordning
    ("finjusteringen", "sv", KDD),  # Finjustering
    ("skannade fakturor", "sv", PDF),  # skannad faktura
    # Dutch
    ("beoordelaars", "nl", EVAL),  # beoordelaar(s)
    ("hallucinatie", "nl", EVAL),  # hallucinaties
    ("taalmodel", "nl", KDD),  # Taalmodellen
    ("betrouwbaarheid meten", "nl", EVAL),
    ("conferenties", "nl", KDD),  # conferentie
    # Romanian
    ("invatare automata", "ro", KDD),  # învățare automată
    ("conferinta", "ro", KDD),  # conferința
    ("modelele de limbaj", "ro", KDD),  # Modelelor de Limbaj
    ("recuperare augmentata", "ro", KDD),  # Recuperare Augmentată
    # English
    ("table", "en", PDF),  # Tables
    ("meetups in tokyo", "en", TOKYO),  # meetup
    ("scanned invoices", "en", PDF),  # scanned invoice
    ("lightning talk", "en", TOKYO),  # lightning talks
    ("fine tuned models", "en", KDD),  # Fine-Tuning, models
    ("reading order", "en", PDF),
    # Japanese
    ("解析", "ja", PDF),
    ("渋谷", "ja", TOKYO),
    ("読み順", "ja", PDF),
    ("ミートアップ", "ja", TOKYO),
    ("ライトニングトーク", "ja", TOKYO),
    # Chinese, Korean
    ("数据清洗", "zh", DATA),
    ("去重", "zh", DATA),
    ("데이터 정제", "ko", DATA),
    ("파인튜닝", "ko", DATA),
    # Inflected forms of title words (the title has another form of the same word)
    ("avaliando respostas", "pt", EVAL),  # Como avaliar as respostas (gerund of avaliar)
    ("analizando pdf", "es", PDF),  # Cómo analizar PDF
    ("tolkade tabellen", "sv", PDF),  # Att tolka PDF-filer: tabeller
    ("parsed tables", "en", PDF),  # Parsing PDFs for RAG: Tables
    ("beoordelen", "nl", EVAL),  # Zo beoordeel je de antwoorden
    ("discuții", "ro", KDD),  # Discuție cu Amazon
]

# (exact title word, an inflected form of it, language, post): both must rank the post alike
TITLE_FORMS: list[tuple[str, str, str, str]] = [
    ("avaliar", "avaliando", "pt", EVAL),
    ("analizar", "analizando", "es", PDF),
    ("parsing", "parsed", "en", PDF),
    ("tabeller", "tabellerna", "sv", PDF),
    ("respostas", "resposta", "pt", EVAL),
]


async def test_relevance(db: aiosqlite.Connection) -> None:
    assert len(CASES) >= 20
    ranks: list[int | None] = []
    returned = 0
    misses = []
    for query, language, key in CASES:
        hits = await search(db, query, language=None, prefer=language)
        keys = [hit.key for hit in hits]
        returned += len(keys)
        rank = keys.index(key) + 1 if key in keys else None
        ranks.append(rank)
        if rank != 1:
            misses.append((query, language, key, keys))
    n = len(CASES)
    hit_at_1 = sum(rank == 1 for rank in ranks) / n
    hit_at_3 = sum(rank is not None and rank <= 3 for rank in ranks) / n
    mrr = sum(1 / rank for rank in ranks if rank is not None) / n
    print(f"queries = {n}")
    print(f"hit@1 = {hit_at_1:.3f}")
    print(f"hit@3 = {hit_at_3:.3f}")
    print(f"MRR = {mrr:.3f}")
    print(f"posts returned per query = {returned / n:.2f} (of 5)")
    for miss in misses:
        print("not first:", miss)
    assert hit_at_3 >= 0.97, misses  # measured 1.00 (48 queries): at most one miss
    assert hit_at_1 >= 0.97, misses  # measured 1.00: at most one query not first
    assert returned / n <= 2.0


async def test_an_inflected_title_word_ranks_the_post_as_the_exact_one_does(
    db: aiosqlite.Connection,
) -> None:
    for exact, inflected, language, key in TITLE_FORMS:
        ranks = []
        for query in (exact, inflected):
            keys = [hit.key for hit in await search(db, query, language=None, prefer=language)]
            ranks.append(keys.index(key) + 1 if key in keys else None)
        assert ranks == [1, 1], (exact, inflected, ranks)
