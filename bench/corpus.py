"""A deterministic synthetic blog shaped like the real posts, in up to 22 languages.

``<root>/<lang>/<slug>.md`` for N posts by L languages: YAML front matter (title, date,
keywords, site-relative image), the cover image line, an italic caption, prose paragraphs with
links, ``##`` sections, bullet lists with bold lead-ins, sometimes a code block; about 5-6 KB a
file like the site's own posts. Text comes from small per-language word pools (character
pools for Japanese and Chinese), so scripts, accents and byte sizes look like the real thing.
The same seed gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from dataclasses import dataclass
from pathlib import Path

#: The order languages are taken in: ja and zh come early so small runs cover CJK.
LANGUAGE_ORDER = (
    "en", "es", "pt", "sv", "nl", "ro", "ja", "zh", "ko", "ar", "hi",
    "de", "fr", "it", "pl", "tr", "ru", "da", "fi", "no", "cs", "hu",
)  # fmt: skip

_LATIN: dict[str, str] = {
    "en": "data model models language search answers documents retrieval pipeline evaluation "
    "training teams customers reports tables workflow quality results knowledge context "
    "question fine-tuning agents latency accuracy invoices contracts analysts engineers "
    "research tutorial benchmark workshop conference deployment insights structured "
    "unstructured scale practical domain specific open source",
    "es": "datos modelo modelos lenguaje búsqueda respuestas documentos recuperación flujo "
    "evaluación entrenamiento equipos clientes informes tablas calidad resultados "
    "conocimiento contexto pregunta ajuste agentes latencia precisión facturas contratos "
    "analistas ingenieros investigación tutorial conferencia despliegue práctica dominio "
    "específico abierto información análisis mejora también según",
    "pt": "dados modelo modelos linguagem busca respostas documentos recuperação fluxo "
    "avaliação treinamento equipes clientes relatórios tabelas qualidade resultados "
    "conhecimento contexto pergunta ajuste agentes latência precisão faturas contratos "
    "analistas engenheiros pesquisa tutorial conferência implantação prática domínio "
    "específico aberto informação análise melhoria também segundo",
    "sv": "data modell modeller språk sökning svar dokument hämtning flöde utvärdering "
    "träning team kunder rapporter tabeller kvalitet resultat kunskap sammanhang fråga "
    "finjustering agenter latens noggrannhet fakturor avtal analytiker ingenjörer "
    "forskning handledning konferens driftsättning praktisk domän specifik öppen "
    "information analys förbättring också enligt både",
    "nl": "gegevens model modellen taal zoeken antwoorden documenten ophalen stroom "
    "evaluatie training teams klanten rapporten tabellen kwaliteit resultaten kennis "
    "context vraag afstemming agenten vertraging nauwkeurigheid facturen contracten "
    "analisten ingenieurs onderzoek handleiding conferentie uitrol praktisch domein "
    "specifiek open informatie analyse verbetering ook volgens",
    "ro": "date model modele limbaj căutare răspunsuri documente regăsire flux evaluare "
    "antrenare echipe clienți rapoarte tabele calitate rezultate cunoștințe context "
    "întrebare ajustare agenți latență precizie facturi contracte analiști ingineri "
    "cercetare tutorial conferință implementare practică domeniu specific deschis "
    "informații analiză îmbunătățire și până",
    "de": "Daten Modell Modelle Sprache Suche Antworten Dokumente Abruf Ablauf Bewertung "
    "Training Teams Kunden Berichte Tabellen Qualität Ergebnisse Wissen Kontext Frage "
    "Feinabstimmung Agenten Latenz Genauigkeit Rechnungen Verträge Analysten Ingenieure "
    "Forschung Anleitung Konferenz Bereitstellung praktisch Fachgebiet spezifisch offen "
    "Informationen Analyse Verbesserung für über größer",
    "fr": "données modèle modèles langage recherche réponses documents récupération flux "
    "évaluation entraînement équipes clients rapports tableaux qualité résultats "
    "connaissances contexte question ajustement agents latence précision factures "
    "contrats analystes ingénieurs tutoriel conférence déploiement pratique domaine "
    "spécifique ouvert informations analyse amélioration également selon très",
    "it": "dati modello modelli linguaggio ricerca risposte documenti recupero flusso "
    "valutazione addestramento squadre clienti rapporti tabelle qualità risultati "
    "conoscenza contesto domanda messa agenti latenza precisione fatture contratti "
    "analisti ingegneri tutorial conferenza distribuzione pratica dominio specifico "
    "aperto informazioni analisi miglioramento anche perché più",
    "pl": "dane model modele język wyszukiwanie odpowiedzi dokumenty pobieranie przepływ "
    "ocena trening zespoły klienci raporty tabele jakość wyniki wiedza kontekst pytanie "
    "dostrajanie agenci opóźnienie dokładność faktury umowy analitycy inżynierowie "
    "badania samouczek konferencja wdrożenie praktyczny dziedzina specyficzny otwarty "
    "informacje analiza poprawa również żeby źródło",
    "tr": "veri model modeller dil arama yanıtlar belgeler erişim akış değerlendirme "
    "eğitim ekipler müşteriler raporlar tablolar kalite sonuçlar bilgi bağlam soru "
    "ince ayar ajanlar gecikme doğruluk faturalar sözleşmeler analistler mühendisler "
    "araştırma öğretici konferans dağıtım pratik alan özel açık bilgiler analiz "
    "iyileştirme ayrıca göre çok",
    "da": "data model modeller sprog søgning svar dokumenter hentning flow evaluering "
    "træning hold kunder rapporter tabeller kvalitet resultater viden kontekst spørgsmål "
    "finjustering agenter forsinkelse nøjagtighed fakturaer kontrakter analytikere "
    "ingeniører forskning vejledning konference udrulning praktisk domæne specifik åben "
    "information analyse forbedring også ifølge både",
    "fi": "tiedot malli mallit kieli haku vastaukset asiakirjat nouto työnkulku arviointi "
    "koulutus tiimit asiakkaat raportit taulukot laatu tulokset tieto konteksti kysymys "
    "hienosäätö agentit viive tarkkuus laskut sopimukset analyytikot insinöörit "
    "tutkimus opas konferenssi käyttöönotto käytännöllinen toimiala erityinen avoin "
    "analyysi parannus myös mukaan yhä",
    "no": "data modell modeller språk søk svar dokumenter henting flyt evaluering trening "
    "team kunder rapporter tabeller kvalitet resultater kunnskap kontekst spørsmål "
    "finjustering agenter forsinkelse nøyaktighet fakturaer kontrakter analytikere "
    "ingeniører forskning veiledning konferanse utrulling praktisk domene spesifikk åpen "
    "informasjon analyse forbedring også ifølge både",
    "cs": "data model modely jazyk vyhledávání odpovědi dokumenty načítání tok hodnocení "
    "trénink týmy zákazníci zprávy tabulky kvalita výsledky znalosti kontext otázka "
    "ladění agenti latence přesnost faktury smlouvy analytici inženýři výzkum návod "
    "konference nasazení praktický obor specifický otevřený informace analýza zlepšení "
    "také podle více",
    "hu": "adatok modell modellek nyelv keresés válaszok dokumentumok lekérés folyamat "
    "értékelés tanítás csapatok ügyfelek jelentések táblázatok minőség eredmények tudás "
    "kontextus kérdés finomhangolás ügynökök késleltetés pontosság számlák szerződések "
    "elemzők mérnökök kutatás útmutató konferencia telepítés gyakorlati terület "
    "specifikus nyílt információ elemzés javítás szintén szerint",
}

_SPACED: dict[str, str] = {
    "ru": "данные модель модели язык поиск ответы документы извлечение поток оценка "
    "обучение команды клиенты отчёты таблицы качество результаты знания контекст вопрос "
    "настройка агенты задержка точность счета договоры аналитики инженеры исследование "
    "руководство конференция развёртывание практический область открытый информация "
    "анализ улучшение также согласно",
    "ko": "데이터 모델 모델을 언어 검색 답변 문서 검색을 파이프라인 평가 학습 팀 고객 보고서 "
    "표 품질 결과 지식 문맥 질문 미세조정 에이전트 지연 정확도 청구서 계약서 분석가 "
    "엔지니어 연구 튜토리얼 컨퍼런스 배포 실용적인 도메인 특화 오픈소스 정보 분석 개선",
    "ar": "البيانات النموذج النماذج اللغة البحث الإجابات المستندات الاسترجاع المسار التقييم "
    "التدريب الفرق العملاء التقارير الجداول الجودة النتائج المعرفة السياق السؤال الضبط "
    "الوكلاء التأخير الدقة الفواتير العقود المحللون المهندسون البحث الدليل المؤتمر النشر "
    "العملي المجال المتخصص المفتوح المعلومات التحليل التحسين أيضا",
    "hi": "डेटा मॉडल मॉडलों भाषा खोज उत्तर दस्तावेज़ पुनर्प्राप्ति प्रक्रिया मूल्यांकन प्रशिक्षण "
    "टीमें ग्राहक रिपोर्ट तालिकाएँ गुणवत्ता परिणाम ज्ञान संदर्भ प्रश्न समायोजन एजेंट विलंब "
    "सटीकता चालान अनुबंध विश्लेषक इंजीनियर शोध ट्यूटोरियल सम्मेलन परिनियोजन व्यावहारिक "
    "क्षेत्र विशिष्ट खुला जानकारी विश्लेषण सुधार भी",
}

_CJK_WORDS: dict[str, str] = {
    "ja": "データ モデル 言語 検索 回答 文書 取得 パイプライン 評価 学習 チーム 顧客 報告書 "
    "表 品質 結果 知識 文脈 質問 微調整 エージェント 遅延 精度 請求書 契約書 分析 "
    "技術者 研究 講演 会議 導入 実践 業務 社内 仕組み 東京 大規模 最適化",
    "zh": "数据 模型 语言 检索 回答 文档 获取 流程 评估 训练 团队 客户 报告 表格 质量 结果 "
    "知识 上下文 问题 微调 智能体 延迟 准确率 发票 合同 分析师 工程师 研究 教程 会议 "
    "部署 实践 领域 专用 开源 信息 分析 改进 企业",
}

_CJK_GLUE: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "ja": (
        ("の", "を", "と", "で", "に", "が", "は"),
        ("します。", "しました。", "できます。", "です。"),
    ),
    "zh": (("的", "和", "在", "通过", "把", "对", "与"), ("。", "了。", "中。", "方面。")),
}

_FULL_STOP = {"hi": "।", "ar": "."}
_DOMAINS = (
    "https://arxiv.org/abs/2401.0",
    "https://github.com/example/project-",
    "https://docs.example.org/guide/section-",
    "https://www.linkedin.com/in/person-",
    "https://dl.acm.org/doi/10.1145/36375",
)
_CODE = (
    "```python\nfrom pipeline import load, split\n\ndocs = load('reports/')\n"
    "chunks = split(docs, size=512, overlap=64)\nprint(len(chunks))\n```",
    "```bash\npip install any-parser\nany-parser extract --input invoice.pdf --format json\n```",
    '```json\n{"model": "small", "temperature": 0.2, "max_tokens": 512}\n```',
)


def languages(count: int) -> list[str]:
    """The first ``count`` languages of :data:`LANGUAGE_ORDER`."""
    if not 1 <= count <= len(LANGUAGE_ORDER):
        raise ValueError(f"languages must be between 1 and {len(LANGUAGE_ORDER)}, got {count}")
    return list(LANGUAGE_ORDER[:count])


def words(language: str) -> list[str]:
    """The language's word pool (what search queries are drawn from)."""
    pool = _LATIN.get(language) or _SPACED.get(language) or _CJK_WORDS.get(language)
    if pool is None:
        raise ValueError(f"no word pool for {language!r}")
    return pool.split()


@dataclass(frozen=True)
class Corpus:
    """What was generated: the content folder, languages, post keys (file names) and, per
    language, each post's title (aligned with ``keys``)."""

    root: Path
    languages: list[str]
    keys: list[str]
    dates: list[dt.date]
    titles: dict[str, list[str]]
    seed: int = 1

    @property
    def files(self) -> int:
        return len(self.keys) * len(self.languages)

    def path(self, index: int, language: str) -> Path:
        return self.root / language / f"{self.keys[index]}.md"


class _Writer:
    """Text in one language from a seeded generator."""

    def __init__(self, language: str, rng: random.Random) -> None:
        self.language = language
        self.rng = rng
        self.pool = words(language)
        self.cjk = language in _CJK_WORDS

    def phrase(self, low: int, high: int) -> str:
        count = self.rng.randint(low, high)
        if self.cjk:
            return "".join(self.rng.choice(self.pool) for _ in range(count))
        return " ".join(self.rng.choice(self.pool) for _ in range(count))

    def title(self) -> str:
        text = self.phrase(3, 7)
        if not self.cjk:
            text = text[0].upper() + text[1:]
        return f"{text} {self.rng.randint(2015, 2025)}" if self.rng.random() < 0.3 else text

    def sentence(self) -> str:
        if self.cjk:
            particles, endings = _CJK_GLUE[self.language]
            parts = [
                self.rng.choice(self.pool) + self.rng.choice(particles)
                for _ in range(self.rng.randint(3, 7))
            ]
            return "".join(parts) + self.rng.choice(self.pool) + self.rng.choice(endings)
        text = self.phrase(8, 20)
        return text[0].upper() + text[1:] + _FULL_STOP.get(self.language, ".")

    def link(self) -> str:
        label = self.phrase(1, 3)
        if self.rng.random() < 0.3:
            url = f"/{self.language}/blog/{self.rng.choice(self.pool)}-{self.rng.randint(1, 999)}"
            url = url if url.isascii() else f"/{self.language}/blog/post-{self.rng.randint(1, 999)}"
        else:
            url = f"{self.rng.choice(_DOMAINS)}{self.rng.randint(100, 99999)}"
        return f"[{label}]({url})"

    def paragraph(self, links: int = 0) -> str:
        sentences = [self.sentence() for _ in range(self.rng.randint(3, 6))]
        for _ in range(links):
            at = self.rng.randrange(len(sentences))
            sentences[at] = f"{self.link()} {sentences[at]}"
        return ("" if self.cjk else " ").join(sentences)

    def bullets(self) -> str:
        items = []
        for _ in range(self.rng.randint(3, 5)):
            lead = self.phrase(1, 3)
            items.append(f"- **{lead}**: {self.sentence()} {self.sentence()}")
        return "\n\n".join(items)


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def render_post(
    key: str, index: int, language: str, title: str, date: dt.date, seed: int, revision: str = ""
) -> str:
    """One post file's text. ``revision`` (non-empty) appends a line: an edited file."""
    rng = random.Random(f"{seed}:{key}:{language}:body")
    writer = _Writer(language, rng)
    keywords = ",".join(dict.fromkeys(writer.phrase(1, 2) for _ in range(rng.randint(5, 10))))
    image = f"/images/blog/{key}-cover.jpeg"
    parts = [
        "---",
        f"title: {_quote(title)}",
        f"date: '{date.isoformat()}'",
        f"keywords: {_quote(keywords)}",
        f"image: '{image}'",
        "---",
        "",
        f"![{writer.phrase(2, 4)}]({image})",
        f"_{writer.phrase(4, 8)}_",
        "",
        writer.paragraph(links=2),
    ]
    target = rng.randint(4000, 5000)
    size = sum(len(part.encode()) + 1 for part in parts)
    section = 0
    while size < target:
        section += 1
        block = [f"## {writer.title()}", writer.paragraph(links=rng.randint(0, 1))]
        if section % 2 == 1:
            block.append(writer.bullets())
        if rng.random() < 0.15:
            block.append(rng.choice(_CODE))
        if rng.random() < 0.2:
            block.append(f"![{writer.phrase(2, 4)}](/images/blog/{key}-{section}.jpg)")
        text = "\n" + "\n\n".join(block)
        parts.append(text)
        size += len(text.encode()) + 1
    parts.append("")
    parts.append(writer.paragraph(links=1))
    if revision:
        parts.append(f"\n_Revision {revision}._")
    return "\n".join(parts) + "\n"


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
    titles: dict[str, list[str]] = {language: [] for language in langs}
    for language in langs:
        folder = root / language
        folder.mkdir(parents=True, exist_ok=True)
        for index, key in enumerate(keys):
            title = _title(key, language, seed)
            titles[language].append(title)
            text = render_post(key, index, language, title, dates[index], seed)
            (folder / f"{key}.md").write_text(text, encoding="utf-8")
    corpus = Corpus(root, langs, keys, dates, titles, seed)
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
            return Corpus(root, langs, keys, dates, manifest["titles"], seed)
    return generate(root, posts, language_count, seed=seed)


def edit(corpus: Corpus, index: int, language: str, revision: str) -> Path:
    """Rewrite one file with a ``revision`` line appended (new bytes, new mtime)."""
    path = corpus.path(index, language)
    text = render_post(
        corpus.keys[index],
        index,
        language,
        corpus.titles[language][index],
        corpus.dates[index],
        corpus.seed,
        revision,
    )
    path.write_text(text, encoding="utf-8")
    return path
