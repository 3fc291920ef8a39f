"""The guide's chapters: Markdown files with TOML front matter, one folder per language.

    content/fr/<slug>.md, content/en/<slug>.md   (the same slugs in both languages)

    +++
    title = "…"
    order = 1
    summary = "…"
    kind = "chapter"            # chapter | examples | glossary
    tool = "readiness"          # optional: the tool the chapter leads to
    tool_label = "…"
    [[quiz]]
    question = "…"
    choices = ["…", "…"]
    answer = 1                  # 0-based index into choices
    explanation = "…"
    +++
    Markdown body (CommonMark + GFM tables, no raw HTML)

Files are read once per process and validated: a `ContentError` names the file and the field.
The body is rendered with raw HTML disabled (so `<script>` comes out escaped) and cleaned
again with nh3, in case a renderer rule ever lets something through.
"""

from __future__ import annotations

import html
import re
import tomllib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import nh3
from django.utils.text import slugify
from markdown_it import MarkdownIt
from markdown_it.token import Token

from mutualiser.words.formats import language_code

CONTENT_DIR = Path(__file__).resolve().parent / "content"
LANGUAGES = ("fr", "en")
KINDS = ("chapter", "examples", "glossary")
TOOLS = ("readiness", "diagnostic", "opportunities", "projects", "workshops", "cost_sharing_demo")
FRONT_MATTER = re.compile(r"\A\+\+\+[ \t]*\r?\n(.*?)\r?\n\+\+\+[ \t]*(?:\r?\n|\Z)", re.DOTALL)
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

ALLOWED_TAGS = {
    "a", "blockquote", "br", "code", "del", "div", "em", "h1", "h2", "h3", "h4", "h5", "h6",
    "hr", "li", "ol", "p", "pre", "s", "strong", "table", "tbody", "td", "th", "thead", "tr",
    "ul",
}  # fmt: skip
ALIGN_CLASSES = ("align-left", "align-center", "align-right")
ALLOWED_ATTRIBUTES = {
    "*": {"id"},
    "a": {"href", "title", "rel"},
    "ol": {"start"},
}


class ContentError(ValueError):
    """A guide file is malformed; the message names the file and the field."""


@dataclass(frozen=True, slots=True)
class QuizQuestion:
    index: int
    question: str
    choices: tuple[str, ...]
    answer: int
    explanation: str


@dataclass(frozen=True, slots=True)
class Heading:
    level: int
    text: str
    anchor: str


@dataclass(frozen=True, slots=True)
class Section:
    """A stretch of a chapter under one heading, as plain text (for the search)."""

    heading: str
    anchor: str
    text: str


@dataclass(frozen=True, slots=True)
class Chapter:
    slug: str
    language: str
    title: str
    order: int
    summary: str
    kind: str
    tool: str
    tool_label: str
    quiz: tuple[QuizQuestion, ...]
    body_html: str
    headings: tuple[Heading, ...]
    sections: tuple[Section, ...]

    @property
    def toc(self) -> tuple[Heading, ...]:
        """The table of contents: sections and sub-sections, or the glossary's terms."""
        levels = (3,) if self.kind == "glossary" else (2, 3)
        return tuple(h for h in self.headings if h.level in levels)


@dataclass(frozen=True, slots=True)
class Guide:
    language: str
    chapters: tuple[Chapter, ...]

    def get(self, slug: str) -> Chapter | None:
        for chapter in self.chapters:
            if chapter.slug == slug:
                return chapter
        return None

    def neighbours(self, slug: str) -> tuple[Chapter | None, Chapter | None]:
        """The chapters before and after `slug`, in reading order."""
        slugs = [c.slug for c in self.chapters]
        position = slugs.index(slug)
        previous = self.chapters[position - 1] if position > 0 else None
        following = self.chapters[position + 1] if position + 1 < len(slugs) else None
        return previous, following


# Markdown -----------------------------------------------------------------------------------


def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")
    md.enable("strikethrough")

    def link_open(renderer: Any, tokens: list[Token], idx: int, options: Any, env: Any) -> str:
        href = tokens[idx].attrGet("href") or ""
        if href.startswith(("http://", "https://")):
            tokens[idx].attrSet("rel", "noopener")
            tokens[idx].attrSet("class", "external")
        return renderer.renderToken(tokens, idx, options, env)

    def table_open(renderer: Any, tokens: list[Token], idx: int, options: Any, env: Any) -> str:
        # Wide tables scroll sideways on a phone instead of stretching the page.
        return '<div class="table-scroll">' + renderer.renderToken(tokens, idx, options, env)

    def table_close(renderer: Any, tokens: list[Token], idx: int, options: Any, env: Any) -> str:
        return renderer.renderToken(tokens, idx, options, env) + "</div>"

    def cell_open(renderer: Any, tokens: list[Token], idx: int, options: Any, env: Any) -> str:
        # A column's alignment as a class, not markdown-it's style attribute (the CSP
        # forbids those): css/utilities.css has .align-left, .align-center, .align-right.
        token = tokens[idx]
        style = token.attrGet("style") or ""
        if style.startswith("text-align:"):
            token.attrs.pop("style")
            token.attrSet("class", "align-" + style.removeprefix("text-align:").strip())
        return renderer.renderToken(tokens, idx, options, env)

    md.add_render_rule("link_open", link_open)
    md.add_render_rule("th_open", cell_open)
    md.add_render_rule("td_open", cell_open)
    md.add_render_rule("table_open", table_open)
    md.add_render_rule("table_close", table_close)
    return md


MARKDOWN = _markdown()


def _inline_text(token: Token) -> str:
    return "".join(
        child.content for child in token.children or () if child.type in ("text", "code_inline")
    )


LIGATURES = str.maketrans({"œ": "oe", "Œ": "Oe", "æ": "ae", "Æ": "Ae", "'": " ", "’": " "})


def _unique_anchor(text: str, used: set[str]) -> str:
    base = slugify(text.translate(LIGATURES)) or "section"
    anchor, n = base, 2
    while anchor in used:
        anchor, n = f"{base}-{n}", n + 1
    used.add(anchor)
    return anchor


def render_markdown(text: str) -> tuple[str, tuple[Heading, ...], tuple[Section, ...]]:
    """Safe HTML of a Markdown body, its headings (with ids) and its plain-text sections."""
    tokens = MARKDOWN.parse(text)
    headings: list[Heading] = []
    sections: list[list[Any]] = [["", "", []]]
    used: set[str] = set()
    for position, token in enumerate(tokens):
        if token.type == "heading_open":
            title = _inline_text(tokens[position + 1])
            anchor = _unique_anchor(title, used)
            token.attrSet("id", anchor)
            level = int(token.tag[1])
            headings.append(Heading(level=level, text=title, anchor=anchor))
            sections.append([title, anchor, []])
        elif token.type == "inline" and tokens[position - 1].type != "heading_open":
            sections[-1][2].append(_inline_text(token))
    raw = MARKDOWN.renderer.render(tokens, MARKDOWN.options, {})
    safe = nh3.clean(
        raw,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
        allowed_classes={
            "a": {"external"},
            "div": {"table-scroll"},
            "th": set(ALIGN_CLASSES),
            "td": set(ALIGN_CLASSES),
        },
    )
    plain = tuple(
        Section(heading=title, anchor=anchor, text=" ".join(parts))
        for title, anchor, parts in sections
        if parts or title
    )
    return safe, tuple(headings), plain


# Front matter -------------------------------------------------------------------------------


def _fail(path: Path, field: str, problem: str) -> ContentError:
    return ContentError(f"guide: {path}: field {field!r}: {problem}")


def _text(meta: dict[str, Any], path: Path, field: str, *, required: bool = True) -> str:
    value = meta.get(field, None if required else "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise _fail(path, field, "missing or empty text")
    return value.strip()


def _parse_quiz(raw: Any, path: Path) -> tuple[QuizQuestion, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise _fail(path, "quiz", "must be a list of [[quiz]] tables")
    questions = []
    for index, entry in enumerate(raw):
        field = f"quiz[{index}]"
        if not isinstance(entry, dict):
            raise _fail(path, field, "must be a table")
        for key in ("question", "explanation"):
            if not isinstance(entry.get(key), str) or not entry[key].strip():
                raise _fail(path, f"{field}.{key}", "missing or empty text")
        question = entry["question"].strip()
        choices = entry.get("choices")
        if (
            not isinstance(choices, list)
            or len(choices) < 2
            or not all(isinstance(c, str) and c.strip() for c in choices)
        ):
            raise _fail(path, f"{field}.choices", "must be a list of at least two texts")
        answer = entry.get("answer")
        if isinstance(answer, bool) or not isinstance(answer, int):
            raise _fail(path, f"{field}.answer", "missing or not an integer")
        if not 0 <= answer < len(choices):
            raise _fail(
                path,
                f"{field}.answer",
                f"{answer} is not a valid 0-based index into {len(choices)} choices",
            )
        unknown = set(entry) - {"question", "choices", "answer", "explanation"}
        if unknown:
            raise _fail(path, f"{field}.{sorted(unknown)[0]}", "unknown field")
        questions.append(
            QuizQuestion(
                index=index,
                question=question,
                choices=tuple(c.strip() for c in choices),
                answer=answer,
                explanation=entry["explanation"].strip(),
            )
        )
    return tuple(questions)


def parse_chapter(text: str, *, path: Path, language: str) -> Chapter:
    """One chapter from its file's text; ContentError names the file and the field."""
    match = FRONT_MATTER.match(text.lstrip("\ufeff"))
    if not match:
        raise ContentError(f"guide: {path}: no front matter between '+++' lines at the top")
    try:
        meta = tomllib.loads(match.group(1))
    except tomllib.TOMLDecodeError as error:
        raise ContentError(f"guide: {path}: front matter is not valid TOML: {error}") from error
    slug = path.stem
    if not SLUG.match(slug):
        raise ContentError(f"guide: {path}: file name must be a lowercase slug")
    order = meta.get("order")
    if isinstance(order, bool) or not isinstance(order, int):
        raise _fail(path, "order", "missing or not an integer")
    kind = meta.get("kind", "chapter")
    if kind not in KINDS:
        raise _fail(path, "kind", f"{kind!r} is not one of {', '.join(KINDS)}")
    tool = _text(meta, path, "tool", required=False)
    if tool and tool not in TOOLS:
        raise _fail(path, "tool", f"{tool!r} is not one of {', '.join(TOOLS)}")
    tool_label = _text(meta, path, "tool_label", required=bool(tool))
    unknown = set(meta) - {"title", "order", "summary", "kind", "tool", "tool_label", "quiz"}
    if unknown:
        raise _fail(path, sorted(unknown)[0], "unknown field")
    body = text[match.end() :]
    body_html, headings, sections = render_markdown(body)
    return Chapter(
        slug=slug,
        language=language,
        title=_text(meta, path, "title"),
        order=order,
        summary=_text(meta, path, "summary"),
        kind=kind,
        tool=tool,
        tool_label=tool_label,
        quiz=_parse_quiz(meta.get("quiz"), path),
        body_html=body_html,
        headings=headings,
        sections=sections,
    )


def load_guides(
    directory: Path = CONTENT_DIR, languages: Iterable[str] = LANGUAGES
) -> dict[str, Guide]:
    """Every language's chapters, in reading order; each slug must exist in every language."""
    languages = tuple(languages)
    chapters: dict[str, list[Chapter]] = {}
    for language in languages:
        folder = directory / language
        files = sorted(folder.glob("*.md")) if folder.is_dir() else []
        chapters[language] = [
            parse_chapter(file.read_text(encoding="utf-8"), path=file, language=language)
            for file in files
        ]
    slugs = {language: {c.slug for c in chapters[language]} for language in languages}
    for language in languages:
        for other in languages:
            for slug in sorted(slugs[language] - slugs[other]):
                raise ContentError(
                    f"guide: {directory / language / (slug + '.md')}: "
                    f"no counterpart {directory / other / (slug + '.md')}"
                )
    for language in languages:
        orders: dict[int, str] = {}
        for chapter in chapters[language]:
            if chapter.order in orders:
                raise _fail(
                    directory / language / f"{chapter.slug}.md",
                    "order",
                    f"{chapter.order} is also the order of {orders[chapter.order]}.md",
                )
            orders[chapter.order] = chapter.slug
    return {
        language: Guide(
            language=language,
            chapters=tuple(sorted(chapters[language], key=lambda c: (c.order, c.slug))),
        )
        for language in languages
    }


@lru_cache(maxsize=1)
def _cached_guides() -> dict[str, Guide]:
    return load_guides()


def get_guide(language: str | None) -> Guide:
    """The guide in `language` (French for anything but English), read once per process."""
    code = language_code(language)
    return _cached_guides()[code]


def clear_cache() -> None:
    _cached_guides.cache_clear()


# Search -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SearchHit:
    chapter: Chapter
    heading: str
    anchor: str
    snippet_html: str
    score: int


def fold(text: str) -> str:
    """Lowercase without accents, one character per character ("Été" → "ete")."""
    return "".join(_fold_char(c) for c in text)


def _fold_char(char: str) -> str:
    decomposed = unicodedata.normalize("NFD", char)
    base = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    # Keep one character per character, so positions in the folded text match the original.
    return base[:1] if base else char


def _words_pattern(words: list[str]) -> re.Pattern[str]:
    """Words matched at the start of a word: "ete" finds "été", not "compétences"."""
    ordered = sorted(words, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in ordered) + ")")


def _snippet(text: str, words: list[str], width: int = 180) -> str:
    folded = fold(text)
    pattern = _words_pattern(words)
    found = pattern.search(folded)
    first = found.start() if found else 0
    start = max(0, first - width // 3)
    end = min(len(text), start + width)
    if start > 0:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < first else start
    pieces, position = [], start
    pattern = _words_pattern(words)
    for match in pattern.finditer(folded, start, end):
        pieces.append(html.escape(text[position : match.start()]))
        pieces.append(f"<mark>{html.escape(text[match.start() : match.end()])}</mark>")
        position = match.end()
    pieces.append(html.escape(text[position:end]))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return prefix + "".join(pieces).strip() + suffix


def search(guide: Guide, query: str, *, limit: int = 30) -> list[SearchHit]:
    """Sections that hold every word of `query`, ignoring case and accents, best first."""
    words = [w for w in fold(query).split() if len(w) >= 2]
    if not words:
        return []
    patterns = [_words_pattern([w]) for w in words]
    hits = []
    for chapter in guide.chapters:
        title = fold(chapter.title)
        for section in chapter.sections:
            heading = fold(section.heading)
            haystack = f"{title} {heading} {fold(section.text)}"
            if not all(p.search(haystack) for p in patterns):
                continue
            score = sum(len(p.findall(haystack)) for p in patterns)
            score += 5 * sum(bool(p.search(heading)) for p in patterns)
            score += 3 * sum(bool(p.search(title)) for p in patterns)
            body = section.text or chapter.summary
            hits.append(
                SearchHit(
                    chapter=chapter,
                    heading=section.heading,
                    anchor=section.anchor,
                    snippet_html=_snippet(body, words),
                    score=score,
                )
            )
    hits.sort(key=lambda h: (-h.score, h.chapter.order))
    return hits[:limit]
