"""The readiness questionnaire: dimensions and statements, read from data/questions.json.

Each statement is answered on a 1–5 scale ("not at all" … "completely"); every statement is
worded so that 5 means "more ready". Texts are kept in both languages in the data file.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from mutualiser.words.formats import language_code

DATA_PATH = Path(__file__).with_name("data") / "questions.json"
SCALE = (1, 2, 3, 4, 5)


@dataclass(frozen=True, slots=True)
class Question:
    id: str
    text_fr: str
    text_en: str

    def text(self, language: str | None) -> str:
        return self.text_en if language_code(language) == "en" else self.text_fr


@dataclass(frozen=True, slots=True)
class Dimension:
    code: str
    label_fr: str
    label_en: str
    advice_fr: str
    advice_en: str
    chapter: str  # slug of the guide chapter to read when this dimension is weak
    questions: tuple[Question, ...]

    def label(self, language: str | None) -> str:
        return self.label_en if language_code(language) == "en" else self.label_fr

    def advice(self, language: str | None) -> str:
        return self.advice_en if language_code(language) == "en" else self.advice_fr


@dataclass(frozen=True, slots=True)
class Questionnaire:
    dimensions: tuple[Dimension, ...]
    scale_fr: tuple[str, ...]
    scale_en: tuple[str, ...]

    @property
    def questions(self) -> tuple[Question, ...]:
        return tuple(q for d in self.dimensions for q in d.questions)

    def scale(self, language: str | None) -> tuple[str, ...]:
        return self.scale_en if language_code(language) == "en" else self.scale_fr


def parse_questionnaire(document: dict) -> Questionnaire:
    """Build the questionnaire; ValueError names the faulty dimension or question."""
    scale = document.get("scale", {})
    for language in ("fr", "en"):
        if len(scale.get(language, [])) != len(SCALE):
            raise ValueError(f"readiness: scale.{language} must have {len(SCALE)} labels")
    dimensions, seen = [], set()
    for raw in document.get("dimensions", []):
        code = raw.get("code", "?")
        questions = []
        for q in raw.get("questions", []):
            if not q.get("id") or not q.get("fr") or not q.get("en"):
                raise ValueError(f"readiness: dimension {code!r}: a question lacks id, fr or en")
            if q["id"] in seen:
                raise ValueError(f"readiness: question id {q['id']!r} is duplicated")
            seen.add(q["id"])
            questions.append(Question(id=q["id"], text_fr=q["fr"], text_en=q["en"]))
        if not questions:
            raise ValueError(f"readiness: dimension {code!r} has no question")
        try:
            dimensions.append(
                Dimension(
                    code=code,
                    label_fr=raw["label_fr"],
                    label_en=raw["label_en"],
                    advice_fr=raw["advice_fr"],
                    advice_en=raw["advice_en"],
                    chapter=raw["chapter"],
                    questions=tuple(questions),
                )
            )
        except KeyError as error:
            raise ValueError(f"readiness: dimension {code!r} lacks {error.args[0]!r}") from None
    if not dimensions:
        raise ValueError("readiness: no dimension")
    return Questionnaire(
        dimensions=tuple(dimensions), scale_fr=tuple(scale["fr"]), scale_en=tuple(scale["en"])
    )


@lru_cache(maxsize=1)
def get_questionnaire() -> Questionnaire:
    with DATA_PATH.open(encoding="utf-8") as handle:
        return parse_questionnaire(json.load(handle))
