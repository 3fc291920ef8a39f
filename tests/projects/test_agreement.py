"""The agreement draft: DOCX reopened with python-docx, PDF laid out, in French and English."""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document

from mutualiser.projects import calculator
from mutualiser.projects.agreement import build_agreement
from mutualiser.projects.services import decision_answer, decision_propose
from mutualiser.words import formats

pytestmark = pytest.mark.django_db


def choose_rule(project, partner_a, partner_c, alice, carol, rule="shapley"):
    decision = decision_propose(
        project=project,
        partner=partner_a,
        user=alice,
        title="Clé",
        kind="rule",
        payload={"rule": rule},
        closes_at=timezone.now() + datetime.timedelta(days=3),
    )
    decision_answer(decision=decision, partner=partner_a, user=alice, answer="agree")
    decision_answer(decision=decision, partner=partner_c, user=carol, answer="agree")
    project.refresh_from_db()


def docx_text(content: bytes) -> tuple[str, list[list[list[str]]]]:
    document = Document(io.BytesIO(content))
    text = "\n".join(p.text for p in document.paragraphs)
    tables = [
        [[cell.text for cell in row.cells] for row in table.rows] for table in document.tables
    ]
    return text, tables


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_docx_carries_the_chosen_keys_figures(
    client, alice, carol, project, partner_a, partner_c, lang
):
    choose_rule(project, partner_a, partner_c, alice, carol)
    calculation = calculator.calculate(project, lang=lang)
    client.force_login(alice)

    response = client.get(reverse("projects:agreement-docx", args=[project.pk]), {"lang": lang})

    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'-{lang}.docx"')
    text, tables = docx_text(response.content)
    assert ("Convention de mutualisation" if lang == "fr" else "Pooling agreement") in text
    assert ("Brouillon à relire" if lang == "fr" else "Draft to review") in text
    key_table = next(t for t in tables if t[0][1] in ("Part annuelle", "Yearly share"))
    by_name = {row[0]: row for row in key_table[1:]}
    for row in calculation.rows:
        line = by_name[row.partner.organisation.name]
        assert line[1] == formats.money(row.shares["shapley"], lang)
        assert line[2] == formats.money(row.standalone, lang)
        assert line[3] == formats.money(row.savings["shapley"], lang)
    assert formats.money(calculation.cost, lang) in text


def test_every_clause_of_the_checklist_is_in_the_draft(project):
    agreement = build_agreement(project, "fr")

    titles = " ".join(c.title for c in agreement.clauses)
    for clause in (
        "Parties",
        "Préambule et objet",
        "Ressource partagée et quantités",
        "Durée et période d'essai",
        "Clé de répartition des coûts",
        "Gouvernance et règles de décision",
        "Entrée et sortie d'un partenaire",
        "Confidentialité",
        "Assurances",
        "Propriété intellectuelle",
        "Règlement des différends",
        "Date de révision",
    ):
        assert clause in titles


def test_without_a_chosen_key_the_draft_says_the_figures_are_indicative(project):
    agreement = build_agreement(project, "en")

    key = next(c for c in agreement.clauses if "Cost-sharing key" in c.title)
    assert any("No key has been chosen by decision yet" in p for p in key.paragraphs)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_pdf_is_a_pdf_of_a_few_pages(client, alice, project, lang):
    client.force_login(alice)

    response = client.get(reverse("projects:agreement-pdf", args=[project.pk]), {"lang": lang})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_the_pdf_pages_hold_the_clauses_and_the_signatures(
    project, partner_a, partner_c, alice, carol
):
    from django.template.loader import render_to_string
    from weasyprint import HTML

    from mutualiser.projects.services import partner_add

    from ..factories import OrganisationFactory

    choose_rule(project, partner_a, partner_c, alice, carol)
    for name in ("Diffusion du Quai des Arts et des Spectacles", "Musée des Métiers du Fil"):
        partner_add(
            project=project,
            organisation=OrganisationFactory(name=name),
            user=alice,
            actor=partner_a.organisation,
        )
    agreement = build_agreement(project, "fr")
    html = render_to_string("projects/agreement.html", {"agreement": agreement, "project": project})

    document = HTML(string=html, base_url="http://testserver/").render()

    pages = [page_text(page) for page in document.pages]
    assert 2 <= len(pages) <= 5
    assert "1. Parties" in pages[0] and "BROUILLON" in pages[0].upper()
    # The signature block is never split: every party's name is on the page of the title.
    signing = next(text for text in pages if "Signatures" in text)
    for partner in project.partners.select_related("organisation"):
        assert partner.organisation.name in signing


def page_text(page) -> str:
    return " ".join(box.text for box in page._page_box.descendants() if getattr(box, "text", None))


def test_an_unknown_language_falls_back_to_the_pages_language(client, alice, project):
    client.force_login(alice)

    response = client.get(
        reverse("projects:agreement-docx", args=[project.pk]), {"lang": "xx<script>"}
    )

    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('-fr.docx"')
