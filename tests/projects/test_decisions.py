"""Decision rules: one answer per partner, a block stops it, the closing date closes it."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from mutualiser.projects.choices import DecisionStatus
from mutualiser.projects.models import Decision
from mutualiser.projects.services import (
    decision_answer,
    decision_propose,
    decisions_close_due,
)

pytestmark = pytest.mark.django_db


def propose(project, partner, user, **extra):
    extra.setdefault("closes_at", timezone.now() + datetime.timedelta(days=7))
    return decision_propose(
        project=project, partner=partner, user=user, title="Priorité l'été au festival", **extra
    )


def test_a_block_stops_the_proposal_at_once(project, partner_a, partner_c, alice, carol):
    decision = propose(project, partner_a, alice)

    decision = decision_answer(
        decision=decision, partner=partner_c, user=carol, answer="block", reason="Nos dates d'août"
    )

    assert decision.status == DecisionStatus.BLOCKED
    assert decision.closed_at is not None
    with pytest.raises(ValidationError) as error:
        decision_answer(decision=decision, partner=partner_a, user=alice, answer="agree")
    assert error.value.code == "closed"


def test_a_block_outweighs_agreements(project, partner_a, partner_c, alice, carol):
    decision = propose(project, partner_a, alice)
    decision_answer(decision=decision, partner=partner_a, user=alice, answer="agree")

    decision = decision_answer(
        decision=decision, partner=partner_c, user=carol, answer="block", reason="Non"
    )

    assert decision.status == DecisionStatus.BLOCKED


def test_the_last_partners_agreement_adopts_it(project, partner_a, partner_c, alice, carol):
    decision = propose(project, partner_a, alice)
    decision = decision_answer(decision=decision, partner=partner_a, user=alice, answer="agree")
    assert decision.is_open

    decision = decision_answer(decision=decision, partner=partner_c, user=carol, answer="abstain")

    assert decision.status == DecisionStatus.ADOPTED


def test_as_many_disagreements_as_agreements_rejects_it(
    project, partner_a, partner_c, alice, carol
):
    decision = propose(project, partner_a, alice)
    decision_answer(decision=decision, partner=partner_a, user=alice, answer="agree")

    decision = decision_answer(
        decision=decision, partner=partner_c, user=carol, answer="disagree", reason="Trop cher"
    )

    assert decision.status == DecisionStatus.REJECTED


def test_the_closing_date_closes_it_with_the_answers_given(project, partner_a, alice):
    decision = propose(project, partner_a, alice)
    decision_answer(decision=decision, partner=partner_a, user=alice, answer="agree")
    Decision.objects.filter(pk=decision.pk).update(
        closes_at=timezone.now() - datetime.timedelta(minutes=1)
    )

    closed = decisions_close_due(project=project)

    decision.refresh_from_db()
    assert closed == 1
    assert decision.status == DecisionStatus.ADOPTED  # one agreement, nobody against


def test_an_answer_after_the_closing_date_is_refused(project, partner_a, partner_c, alice, carol):
    decision = propose(project, partner_a, alice)
    Decision.objects.filter(pk=decision.pk).update(
        closes_at=timezone.now() - datetime.timedelta(seconds=1)
    )

    with pytest.raises(ValidationError) as error:
        decision_answer(decision=decision, partner=partner_c, user=carol, answer="agree")

    assert error.value.code == "closed"
    assert decision.answers.count() == 0
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.REJECTED  # nobody agreed before it closed


def test_a_partner_changes_its_answer_until_it_closes(project, partner_a, partner_c, alice, bob):
    decision = propose(project, partner_a, alice)
    decision_answer(
        decision=decision, partner=partner_a, user=alice, answer="disagree", reason="Pas encore"
    )

    decision_answer(decision=decision, partner=partner_a, user=bob, answer="agree")

    assert decision.answers.count() == 1
    assert decision.answers.get().answer == "agree"


def test_block_and_disagree_need_a_reason(project, partner_a, partner_c, alice, carol):
    decision = propose(project, partner_a, alice)

    with pytest.raises(ValidationError) as error:
        decision_answer(
            decision=decision, partner=partner_c, user=carol, answer="block", reason="  "
        )

    assert error.value.code == "reason"
    decision.refresh_from_db()
    assert decision.is_open


def test_a_closing_date_in_the_past_or_beyond_a_year_is_refused(project, partner_a, alice):
    for closes_at, code in (
        (timezone.now() - datetime.timedelta(hours=1), "past"),
        (timezone.now() + datetime.timedelta(days=400), "far"),
    ):
        with pytest.raises(ValidationError) as error:
            propose(project, partner_a, alice, closes_at=closes_at)
        assert error.value.code == code
    assert not Decision.objects.exists()


def test_an_adopted_rule_is_kept_as_a_dated_snapshot(project, partner_a, partner_c, alice, carol):
    decision = propose(project, partner_a, alice, kind="rule", payload={"rule": "shapley"})
    decision_answer(decision=decision, partner=partner_a, user=alice, answer="agree")
    decision_answer(decision=decision, partner=partner_c, user=carol, answer="agree")

    project.refresh_from_db()
    snapshot = project.snapshots.get()
    assert project.chosen_rule == "shapley"
    assert snapshot.decision == decision and snapshot.rule == "shapley"
    assert sum(s["share"] for s in snapshot.shares) == pytest.approx(snapshot.cost)


def test_an_adopted_governance_form_is_the_projects(project, partner_a, partner_c, alice, carol):
    decision = propose(project, partner_a, alice, kind="governance", payload={"form": "agreement"})
    decision_answer(decision=decision, partner=partner_a, user=alice, answer="agree")
    decision_answer(decision=decision, partner=partner_c, user=carol, answer="agree")

    project.refresh_from_db()
    assert project.governance_form == "agreement"


def test_a_proposal_emails_every_other_partner_member_in_their_language(
    project, partner_a, alice, carol, bob, django_capture_on_commit_callbacks
):
    carol.language = "en"
    carol.save(update_fields=["language"])

    with django_capture_on_commit_callbacks(execute=True):
        propose(project, partner_a, alice)

    recipients = {m.to[0]: m for m in mail.outbox}
    assert "alice@example.org" not in recipients  # the one who proposed
    assert {"bob@example.org", "carol@example.org", "vera@example.org"} <= set(recipients)
    assert "decision awaits your answer" in recipients["carol@example.org"].subject
    assert "attend votre réponse" in recipients["bob@example.org"].subject
    html = recipients["carol@example.org"].alternatives[0][0]
    assert "/decisions/" in html and "Answer" in html
    assert "charlie@example.org" not in recipients


def test_the_answer_page_closes_and_says_so(client, project, partner_a, alice, carol):
    decision = propose(project, partner_a, alice)
    decision_answer(decision=decision, partner=partner_a, user=alice, answer="agree")
    client.force_login(carol)

    response = client.post(
        reverse("projects:decision", args=[project.pk, decision.pk]),
        {"answer": "agree"},
        follow=True,
    )

    assert "La décision est close : adoptée" in response.content.decode()
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.ADOPTED


def test_the_decision_log_shows_who_decided_what(
    client, project, partner_a, partner_c, alice, carol
):
    decision = propose(project, partner_a, alice)
    decision_answer(
        decision=decision, partner=partner_c, user=carol, answer="block", reason="Nos dates d'août"
    )
    client.force_login(alice)

    page = client.get(reverse("projects:decisions", args=[project.pk])).content.decode()
    history = client.get(reverse("projects:history", args=[project.pk])).content.decode()

    assert "Festival des Ruelles : blocage" in page
    assert "Festival des Ruelles répond « Blocage »" in history
    assert "Bloquée" in history
