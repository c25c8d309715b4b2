"""Code suggestions learned from the team's own codings (runs on the server; no text leaves it).

Character n-gram TF-IDF (language-independent: Spanish, Portuguese, Catalan and English alike) and
one logistic regression per code. Trained per project on the coded passages; for a new passage it
ranks the codes with a probability. Reliability is measured on a held-out fifth of the passages
before the final model is fitted on all of them. Suggestions are only shown, never applied.
"""

from __future__ import annotations

import threading
from collections import OrderedDict, defaultdict
from dataclasses import dataclass

import numpy as np
from django.db.models import Count, Max, Sum

MIN_PASSAGES = 8
MIN_PER_CODE = 2
MAX_CHARS = 2000
_CACHE: OrderedDict[tuple, SuggestionModel | None] = OrderedDict()
_LOCK = threading.Lock()


@dataclass(frozen=True)
class Suggestion:
    code_id: int
    name: str
    confidence: float


@dataclass(frozen=True)
class Reliability:
    train_passages: int
    test_passages: int
    top1_accuracy: float | None  # share of held-out passages whose first suggestion is one of their codes
    top3_hit_rate: float | None  # ... whose codes include one of the first three suggestions


class SuggestionModel:
    def __init__(
        self, vectorizer, classifier, code_ids: list[int], names: dict[int, str], reliability: Reliability
    ):
        self.vectorizer = vectorizer
        self.classifier = classifier
        self.code_ids = code_ids
        self.names = names
        self.reliability = reliability

    def scores(self, texts: list[str]) -> np.ndarray:
        return self.classifier.predict_proba(self.vectorizer.transform([t[:MAX_CHARS] for t in texts]))

    def suggest(self, text: str, k: int = 3) -> list[Suggestion]:
        if not text.strip():
            return []
        probabilities = self.scores([text])[0]
        order = np.argsort(-probabilities)[:k]
        return [
            Suggestion(self.code_ids[i], self.names[self.code_ids[i]], round(float(probabilities[i]), 3))
            for i in order
        ]


def _fit(texts: list[str], labels: list[set[int]], code_ids: list[int]):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.multiclass import OneVsRestClassifier

    vectorizer = TfidfVectorizer(
        analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True, max_features=60000
    )
    matrix = vectorizer.fit_transform([t[:MAX_CHARS] for t in texts])
    y = np.array([[1 if c in codes else 0 for c in code_ids] for codes in labels])
    classifier = OneVsRestClassifier(LogisticRegression(max_iter=1000, class_weight="balanced", C=4.0))
    classifier.fit(matrix, y)
    return vectorizer, classifier


def train(
    texts: list[str], labels: list[set[int]], names: dict[int, str], seed: int = 0
) -> SuggestionModel | None:
    """None when there are too few coded passages to learn from."""
    counts: dict[int, int] = defaultdict(int)
    for codes in labels:
        for c in codes:
            counts[c] += 1
    code_ids = sorted(c for c, n in counts.items() if n >= MIN_PER_CODE)
    keep = [i for i, codes in enumerate(labels) if codes & set(code_ids)]
    if len(code_ids) < 2 or len(keep) < MIN_PASSAGES:
        return None
    texts = [texts[i] for i in keep]
    labels = [labels[i] & set(code_ids) for i in keep]
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(texts))
    n_test = max(1, len(texts) // 5)
    test, fit = order[:n_test], order[n_test:]
    reliability = Reliability(len(fit), len(test), None, None)
    fit_labels = [labels[i] for i in fit]
    fit_codes = sorted({c for codes in fit_labels for c in codes})
    if len(fit_codes) >= 2:
        vectorizer, classifier = _fit([texts[i] for i in fit], fit_labels, fit_codes)
        probabilities = classifier.predict_proba(vectorizer.transform([texts[i][:MAX_CHARS] for i in test]))
        ranked = np.argsort(-probabilities, axis=1)
        top1 = np.mean([fit_codes[ranked[j, 0]] in labels[i] for j, i in enumerate(test)])
        top3 = np.mean([bool({fit_codes[k] for k in ranked[j, :3]} & labels[i]) for j, i in enumerate(test)])
        reliability = Reliability(len(fit), len(test), float(top1), float(top3))
    vectorizer, classifier = _fit(texts, labels, code_ids)
    return SuggestionModel(vectorizer, classifier, code_ids, names, reliability)


def training_data(project) -> tuple[list[str], list[set[int]], dict[int, str]]:
    from puente.qualitative.models import Coding
    from puente.qualitative.selectors.coding import with_quote
    from puente.qualitative.selectors.consent import consented_codings

    spans: dict[tuple[int, int, int], set[int]] = defaultdict(set)
    quotes: dict[tuple[int, int, int], str] = {}
    rows = with_quote(
        Coding.objects.filter(
            consented_codings(), project=project, retired_at__isnull=True, code__retired_at__isnull=True
        )
    ).values_list("document_id", "start", "end", "code_id", "quote")
    for doc, start, end, code, quote in rows:
        key = (doc, start, end)
        spans[key].add(code)
        quotes[key] = quote
    names = dict(project.codes.values_list("pk", "name"))
    keys = sorted(spans)
    return [quotes[k] for k in keys], [spans[k] for k in keys], names


def _fingerprint(project) -> tuple:
    from puente.qualitative.models import Coding
    from puente.qualitative.selectors.consent import consented_codings

    # Consent changes move codings in or out of training without touching them, so they count here.
    stats = Coding.objects.filter(consented_codings(), project=project, retired_at__isnull=True).aggregate(
        n=Count("pk"), top=Max("pk"), versions=Sum("version"), documents=Sum("document_id")
    )
    return (project.pk, stats["n"], stats["top"], stats["versions"], stats["documents"])


def model_for(project) -> SuggestionModel | None:
    """The project's model, trained on first use and again whenever its codings change."""
    key = _fingerprint(project)
    with _LOCK:
        if key in _CACHE:
            _CACHE.move_to_end(key)
            return _CACHE[key]
    model = train(*training_data(project))
    with _LOCK:
        _CACHE[key] = model
        while len(_CACHE) > 8:
            _CACHE.popitem(last=False)
    return model
