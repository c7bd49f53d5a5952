"""Per-language word pools for the synthetic corpus, and the vocabulary drawn from them.

Each language has a small pool of common words (character-word pools for Japanese and
Chinese): they make the titles, keywords, headings and the search queries. Body text draws
from a larger vocabulary, the pool followed by compounds of two pool words, with Zipf weights
(the n-th word about n^-1.1 as frequent), so a few words are in every post, as in real text, and
most are rare.
"""

from __future__ import annotations

import functools
import itertools
import random

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

#: The script of each language (what :func:`bench.sizes.size_report` groups by).
SCRIPTS: dict[str, str] = {
    **{language: "latin" for language in _LATIN},
    "ru": "cyrillic", "ko": "hangul", "ar": "arabic", "hi": "devanagari",
    "ja": "japanese", "zh": "chinese",
}  # fmt: skip

#: Compounds added to each language's pool to make its vocabulary.
COMPOUNDS = 1500
#: Word runs per language that sentences are made of (see :func:`fragments`).
FRAGMENTS = 8192


def languages(count: int) -> list[str]:
    """The first ``count`` languages of :data:`LANGUAGE_ORDER`."""
    if not 1 <= count <= len(LANGUAGE_ORDER):
        raise ValueError(f"languages must be between 1 and {len(LANGUAGE_ORDER)}, got {count}")
    return list(LANGUAGE_ORDER[:count])


def words(language: str) -> list[str]:
    """The language's pool of common words, most common first."""
    pool = _LATIN.get(language) or _SPACED.get(language) or _CJK_WORDS.get(language)
    if pool is None:
        raise ValueError(f"no word pool for {language!r}")
    return pool.split()


def common_words(language: str, count: int = 12) -> list[str]:
    """The ``count`` most frequent words of the language's text (what search queries use)."""
    return words(language)[:count]


def is_cjk(language: str) -> bool:
    """Whether the language is written without spaces between words."""
    return language in _CJK_WORDS


def full_stop(language: str) -> str:
    return _FULL_STOP.get(language, ".")


def cjk_glue(language: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Particles between words, and sentence endings, of Japanese or Chinese."""
    return _CJK_GLUE[language]


@functools.cache
def vocabulary(language: str) -> tuple[list[str], list[float]]:
    """Body-text words and their cumulative Zipf weights (for ``random.choices``): the pool,
    most common first, then :data:`COMPOUNDS` compounds of two pool words (fixed order)."""
    pool = words(language)
    pairs = list(itertools.permutations(pool, 2))
    random.Random(f"vocabulary:{language}").shuffle(pairs)
    compounds = dict.fromkeys(a + (b if is_cjk(language) else b.lower()) for a, b in pairs)
    vocab = pool + [word for word in compounds if word not in pool][:COMPOUNDS]
    cumulative = list(itertools.accumulate(rank**-1.1 for rank in range(1, len(vocab) + 1)))
    return vocab, cumulative


@functools.cache
def fragments(language: str) -> tuple[str, ...]:
    """:data:`FRAGMENTS` runs of 3-8 words (2-4 in Japanese and Chinese, each followed by a
    particle) drawn from :func:`vocabulary`: sentences are a few of them, which is much faster
    than drawing every word and, with 8,192 runs, still varied."""
    rng = random.Random(f"fragments:{language}")
    vocab, weights = vocabulary(language)
    out = []
    for _ in range(FRAGMENTS):
        if is_cjk(language):
            drawn = rng.choices(vocab, cum_weights=weights, k=rng.randint(2, 4))
            particles = rng.choices(cjk_glue(language)[0], k=len(drawn))
            out.append("".join(w + p for w, p in zip(drawn, particles, strict=True)))
        else:
            out.append(" ".join(rng.choices(vocab, cum_weights=weights, k=rng.randint(3, 8))))
    return tuple(out)
