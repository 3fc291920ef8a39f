from __future__ import annotations

import pytest

from mutualiser.guide import content
from mutualiser.guide.content import ContentError, load_guides, parse_chapter, render_markdown

from .conftest import EN_ONE, FR_ONE, write_guide


def chapter_text(front: str, body: str = "## Titre\n\nTexte.\n") -> str:
    return f"+++\n{front}\n+++\n{body}"


BASE = 'title = "Titre"\norder = 1\nsummary = "Résumé"\nkind = "chapter"'


def parse(text: str, name: str = "essai.md"):
    return parse_chapter(text, path=content.CONTENT_DIR / "fr" / name, language="fr")


def test_a_valid_chapter_gives_its_title_quiz_and_headings(guide_dir):
    guides = load_guides(guide_dir)

    chapter = guides["fr"].get("definition")

    assert chapter.title == "Qu'est-ce que la mutualisation ?"
    assert [q.answer for q in chapter.quiz] == [1, 0]
    assert [h.anchor for h in chapter.toc] == ["en-une-phrase", "deux-conditions"]
    assert '<h2 id="en-une-phrase">' in chapter.body_html


def test_chapters_come_in_reading_order_in_each_language(guide_dir):
    guides = load_guides(guide_dir)

    assert [c.slug for c in guides["fr"].chapters] == ["definition", "glossaire"]
    assert [c.slug for c in guides["en"].chapters] == ["definition", "glossaire"]


def test_a_missing_title_names_the_file_and_the_field():
    text = chapter_text('order = 1\nsummary = "Résumé"')

    with pytest.raises(ContentError, match=r"essai\.md.*'title'"):
        parse(text)


def test_a_file_without_front_matter_is_refused():
    with pytest.raises(ContentError, match=r"essai\.md.*front matter"):
        parse("## Titre\n\nTexte.\n")


def test_front_matter_that_is_not_toml_is_refused():
    with pytest.raises(ContentError, match=r"essai\.md.*not valid TOML"):
        parse(chapter_text('title = "Titre\norder = 1'))


def test_an_order_that_is_not_a_number_is_refused():
    with pytest.raises(ContentError, match="'order'"):
        parse(chapter_text('title = "T"\norder = "un"\nsummary = "R"'))


def test_an_unknown_tool_is_refused():
    with pytest.raises(ContentError, match="'tool'"):
        parse(chapter_text(BASE + '\ntool = "teleporter"\ntool_label = "X"'))


def test_a_quiz_answer_outside_the_choices_is_refused():
    quiz = '\n[[quiz]]\nquestion = "Q ?"\nchoices = ["a", "b"]\nanswer = 2\nexplanation = "E"'

    with pytest.raises(ContentError, match=r"essai\.md.*'quiz\[0\]\.answer'.*0-based"):
        parse(chapter_text(BASE + quiz))


def test_a_quiz_answer_that_is_not_an_integer_is_refused():
    quiz = '\n[[quiz]]\nquestion = "Q ?"\nchoices = ["a", "b"]\nanswer = true\nexplanation = "E"'

    with pytest.raises(ContentError, match=r"'quiz\[0\]\.answer'"):
        parse(chapter_text(BASE + quiz))


def test_a_quiz_question_without_explanation_is_refused():
    quiz = '\n[[quiz]]\nquestion = "Q ?"\nchoices = ["a", "b"]\nanswer = 0'

    with pytest.raises(ContentError, match=r"'quiz\[0\]\.explanation'"):
        parse(chapter_text(BASE + quiz))


def test_a_chapter_missing_in_one_language_is_named(tmp_path):
    alone = FR_ONE.replace("order = 1", "order = 2")
    files = {"fr/definition.md": FR_ONE, "fr/seul.md": alone, "en/definition.md": EN_ONE}
    root = write_guide(tmp_path, files)

    with pytest.raises(ContentError, match=r"fr/seul\.md: no counterpart .*en/seul\.md"):
        load_guides(root)


def test_two_chapters_with_the_same_order_are_refused(tmp_path):
    root = write_guide(tmp_path, {"fr/a.md": FR_ONE, "fr/b.md": FR_ONE})

    with pytest.raises(ContentError, match="'order'"):
        load_guides(root, languages=("fr",))


def test_raw_html_in_a_body_comes_out_escaped():
    html, _, _ = render_markdown(
        '<script>alert("x")</script>\n\nTexte <b onclick="x()">gras</b>\n\n'
        "[piège](javascript:alert(1))\n"
    )

    assert "<script" not in html
    assert "&lt;script&gt;" in html
    assert "<b " not in html
    assert 'href="javascript' not in html


def test_external_links_get_noopener_and_internal_links_do_not():
    html, _, _ = render_markdown("[a](https://example.org/) et [b](/fr/guide/)")

    assert '<a href="https://example.org/" rel="noopener" class="external">a</a>' in html
    assert '<a href="/fr/guide/">b</a>' in html


def test_tables_are_wrapped_to_scroll_on_a_phone():
    html, _, _ = render_markdown("| a | b |\n|--:|---|\n| 1 | 2 |\n")

    assert '<div class="table-scroll"><table>' in html
    assert '<td class="align-right">1</td>' in html  # a class: the CSP forbids style=
    assert "style=" not in html


def test_headings_get_unique_ids_without_accents_or_ligatures():
    _, headings, _ = render_markdown("## Fonction cœur\n\n## L'été\n\n## L'été\n")

    assert [h.anchor for h in headings] == ["fonction-coeur", "l-ete", "l-ete-2"]


def test_glossary_terms_become_anchors_and_the_table_of_contents(guide_dir):
    glossary = load_guides(guide_dir)["fr"].get("glossaire")

    assert [h.text for h in glossary.toc] == ["Coopération", "Valeur de Shapley"]
    assert '<h3 id="valeur-de-shapley">' in glossary.body_html


def test_search_ignores_accents_and_case(guide_dir):
    guide = load_guides(guide_dir)["fr"]

    hits = content.search(guide, "COOPERATION")

    assert hits[0].chapter.slug == "glossaire"
    assert hits[0].anchor == "cooperation"


def test_search_matches_the_start_of_words_and_marks_them(guide_dir):
    guide = load_guides(guide_dir)["fr"]

    hits = content.search(guide, "ete")

    assert [h.anchor for h in hits] == ["en-une-phrase"]
    assert "<mark>été</mark>" in hits[0].snippet_html


def test_search_escapes_the_text_around_the_marks(tmp_path):
    root = write_guide(
        tmp_path, {"fr/a.md": chapter_text(BASE, "## Titre\n\nUn `<b>` et un mot clé.\n")}
    )
    guide = load_guides(root, languages=("fr",))["fr"]

    hits = content.search(guide, "clé")

    assert "&lt;b&gt;" in hits[0].snippet_html
    assert "<mark>clé</mark>" in hits[0].snippet_html


def test_the_real_guide_loads_in_both_languages_with_the_same_chapters():
    guides = load_guides()

    assert [c.slug for c in guides["fr"].chapters] == [c.slug for c in guides["en"].chapters]
    assert len(guides["fr"].chapters) >= 10
