"""Every route of the project, classified: the access sweep's one table.

A new route has no entry until someone adds one here, and the sweep fails until then
(tests/security/test_access_sweep.py). An Object route lists how its kwargs are filled with
ANOTHER organisation's objects (`world.py`), in each way a forged address could try: the
target's own address, and the member's own organisation or project with the target's
membership, item, risk or decision id. `me` is the role's own organisation (None for the
anonymous visitor, the facilitator and the workshop guest).
"""

from __future__ import annotations

import re

from allauth.account.models import EmailAddress
from django.utils.http import int_to_base36

from mutualiser.api.api import api, route_table

from .sweep import Access, Call, Capability, Object, Own, Public, Staff

# --- Fillers ------------------------------------------------------------------------------


def target_slug(w, me):
    return Call(kwargs={"slug": w.target.slug})


def target_membership(w, me):
    return Call(kwargs={"slug": w.target.slug, "membership_id": w.tina_membership.pk})


def own_slug_target_membership(w, me):
    if me is None:
        return None
    return Call(
        kwargs={"slug": me.slug, "membership_id": w.tina_membership.pk},
        label="my organisation's address, the target's membership",
    )


def target_invitation(w, me):
    return Call(kwargs={"slug": w.target.slug, "invitation_id": w.invitation.pk})


def own_slug_target_invitation(w, me):
    if me is None:
        return None
    return Call(
        kwargs={"slug": me.slug, "invitation_id": w.invitation.pk},
        label="my organisation's address, the target's invitation",
    )


def target_item(w, me):
    return Call(kwargs={"item_id": w.item.pk})


def target_assessment(w, me):
    return Call(kwargs={"pk": w.assessment.pk})


def target_request(w, me):
    return Call(kwargs={"pk": w.request.pk}, data={"body": "Bonjour", "reason": "Non"})


def target_notification(w, me):
    return Call(kwargs={"pk": w.notification.pk})


def target_opportunity(w, me):
    return Call(kwargs={"opportunity_id": w.opportunity.pk})


def target_project(w, me):
    return Call(kwargs={"project_id": w.project.pk})


def target_project_partner(w, me):
    return Call(kwargs={"project_id": w.project.pk, "partner_id": w.project_partner.pk})


def own_project_target_partner(w, me):
    if me is None:
        return None
    return Call(
        kwargs={"project_id": w.own_project.pk, "partner_id": w.project_partner.pk},
        label="my project, the target's partner row",
    )


def target_project_step(w, me):
    return Call(kwargs={"project_id": w.project.pk, "code": "feasibility"})


def target_project_risk(w, me):
    return Call(kwargs={"project_id": w.project.pk, "risk_id": w.risk.pk})


def own_project_target_risk(w, me):
    if me is None:
        return None
    return Call(
        kwargs={"project_id": w.own_project.pk, "risk_id": w.risk.pk},
        label="my project, the target's risk",
    )


def target_project_decision(w, me):
    return Call(kwargs={"project_id": w.project.pk, "decision_id": w.decision.pk})


def own_project_target_decision(w, me):
    if me is None:
        return None
    return Call(
        kwargs={"project_id": w.own_project.pk, "decision_id": w.decision.pk},
        label="my project, the target's decision",
    )


def own_project_with_target_partner(w, me):
    """Add the target as a partner of my own project: it is private, so it cannot be found."""
    if me is None:
        return None
    return Call(
        kwargs={"project_id": w.own_project.pk},
        data={"organisation": w.target.slug},
        label="add the private target to my project",
        own=True,
    )


def target_workshop(w, me):
    return Call(kwargs={"pk": w.workshop.pk}, data={"phase": "vote", "locked": "1"})


def target_workshop_obstacle(w, me):
    return Call(kwargs={"pk": w.workshop.pk, "obstacle_pk": w.obstacle.pk})


def own_workshop_target_obstacle(w, me):
    return Call(
        kwargs={"pk": w.own_workshop.pk, "obstacle_pk": w.obstacle.pk},
        label="my workshop, the target's obstacle",
    )


def target_workshop_participant(w, me):
    return Call(kwargs={"pk": w.workshop.pk, "participant_pk": w.workshop_participant.pk})


def own_workshop_target_participant(w, me):
    return Call(
        kwargs={"pk": w.own_workshop.pk, "participant_pk": w.workshop_participant.pk},
        label="my workshop, the target's participant",
    )


def target_code(w, me):
    return Call(kwargs={"code": w.workshop.code}, data={"text": "x", "kind": "trust"})


def own_code_target_partner(w, me):
    """Propose a link with a participant of another workshop, from one's own seat."""
    return Call(
        kwargs={"code": w.own_workshop.code},
        data={"partner": w.workshop_participant.pk, "category": w.category.pk},
        label="my seat, a participant of another workshop",
        own=True,
    )


def real_code(w, me):
    return Call(
        kwargs={"code": w.workshop.code},
        data={"as": "organisation", "organisation": w.target.pk},
        label="the real code; join as the target",
    )


def forged_code(w, me):
    return Call(kwargs={"code": "ZZZZZZ"}, label="a guessed code")


def real_invitation_token(w, me):
    return Call(kwargs={"token": w.invitation.token}, label="the invitation's own link")


def forged_invitation_token(w, me):
    return Call(kwargs={"token": w.invitation.token[:-4] + "AAAA"}, label="a guessed token")


def forged_email_key(w, me):
    address = EmailAddress.objects.filter(user=w.tina).first()
    key = f"{address.pk if address else 1}:forged:key"
    return Call(kwargs={"key": key}, label="a forged confirmation key")


def forged_reset_key(w, me):
    return Call(
        kwargs={"uidb36": int_to_base36(w.tina.pk), "key": "set-password-forged"},
        label="the target owner's uid, a forged key",
    )


def guide_chapter(w, me):
    return Call(kwargs={"slug": "definition"})


def guide_quiz(w, me):
    return Call(kwargs={"slug": "definition", "index": 0}, data={"choice": "0"})


def switch_to_target(w, me):
    return Call(data={"organisation": w.target.slug}, label="switch to the target")


def restore_target_item(w, me):
    return Call(data={"item": w.item.pk}, label="restore the target's item")


def project_from_target_request(w, me):
    return Call(query={"request": w.request.pk}, label="start from the target's request")


def project_from_target_opportunity(w, me):
    return Call(
        query={"opportunity": w.opportunity.pk}, label="start from the target's opportunity"
    )


def request_to_target(w, me):
    return Call(
        query={"to": w.target.slug},
        data={"to": w.target.slug, "message": "Bonjour", "first_step": "Un café"},
        label="write to the private target",
    )


def set_language(w, me):
    return Call(data={"language": "en", "next": "/en/"})


def admin_page(w, me):
    return Call(path="/admin/not-a-page/")


def admin_kwargs(w, me):
    """Any admin address: the staff check comes before the object is looked up."""
    return Call(
        kwargs={
            "object_id": str(w.target.pk),
            "content_type_id": "1",
            "id": str(w.tina.pk),
            "app_label": "organisations",
        }
    )


def target_slug_confirmed(w, me):
    """The deletion form filled in as the owner would: the organisation's exact name."""
    return Call(kwargs={"slug": w.target.slug}, data={"name": w.target.name})


def target_token(w, me):
    return Call(kwargs={"token_id": w.target_token.pk}, label="the target owner's token")


# --- The API's fillers: the bodies are valid, so that a refusal comes from the access check
# and not from the schema (a 422 before the check would prove nothing).

ITEM_BODY = {
    "category": "accounting",
    "direction": "need",
    "label": "Reprise",
    "months": [10] * 12,
}
INSTANCE_WITH_TARGET = {
    # The target's slug as an organisation id: the engine knows nothing of the database.
    "categories": [],
    "organisations": [{"id": "zqx-cible-privee", "lat": 45.5, "lon": -73.6}],
    "items": [{"id": "x", "org": "zqx-cible-privee", "category": "accounting"}],
}


def api_target_slug(w, me):
    return Call(kwargs={"slug": w.target.slug}, data={"name": "Repris par un autre"})


def api_target_inventory(w, me):
    return Call(kwargs={"slug": w.target.slug}, data=ITEM_BODY)


def api_target_import(w, me):
    csv = b"categorie;sens;precision\naccounting;need;Reprise\n"
    return Call(kwargs={"slug": w.target.slug}, files={"file": ("inventaire.csv", csv)})


def api_target_item(w, me):
    return Call(
        kwargs={"slug": w.target.slug, "item_id": w.item.pk},
        data={"version": w.item.version, "label": "Reprise"},
    )


def api_own_slug_target_item(w, me):
    if me is None:
        return None
    return Call(
        kwargs={"slug": me.slug, "item_id": w.item.pk},
        data={"version": w.item.version, "label": "Reprise"},
        label="my organisation's address, the target's item",
    )


def api_target_opportunity(w, me):
    return Call(kwargs={"slug": w.target.slug, "opportunity_id": w.opportunity.pk})


def api_own_slug_other_opportunity(w, me):
    if me is None:
        return None
    return Call(
        kwargs={"slug": me.slug, "opportunity_id": w.opportunity.pk},
        label="my organisation's address, another run's opportunity",
    )


def api_target_request(w, me):
    return Call(kwargs={"request_id": w.request.pk})


def api_target_project(w, me):
    return Call(kwargs={"project_id": w.project.pk})


def api_new_organisation_named_as_target(w, me):
    """A profile with the target's name and no region: refused (422), nothing made."""
    return Call(data={"name": w.target.name, "legal_kind": "", "region": ""})


def api_solve_with_target(w, me):
    return Call(data=INSTANCE_WITH_TARGET, label="an invalid instance naming the target")


def api_unknown_path(w, me):
    return Call(
        kwargs={"rest": f"v1/organisations/{w.target.slug}/members"},
        label="an address the API does not have, with the target's slug",
    )


# --- The API's operations: the methods each route is swept with come from route_table().


def _operation_methods() -> dict[str, tuple[str, ...]]:
    """The API's URL name -> the methods of its operation (ninja names a route after its
    function; the schema's operation id ends with it), checked against route_table()."""
    table = {(method, path) for method, path, _writes in route_table()}
    methods: dict[str, list[str]] = {}
    for path, operations in api.get_openapi_schema()["paths"].items():
        for method, operation in operations.items():
            assert (method.upper(), path) in table
            name = operation["operationId"].rsplit("_v1_", 1)[-1].split("_", 1)[-1]
            methods.setdefault(name, []).append(method.upper())
    return {name: tuple(found) for name, found in methods.items()}


API_METHODS = _operation_methods()


def _api(kind: type[Access], name: str, *calls, **options) -> Access:
    """An API operation's entry, swept with its own method and every credential of a role."""
    if calls:
        options["calls"] = calls
    return kind(methods=API_METHODS[name], api=True, **options)


def _api_pattern_path(pattern: str) -> str:
    """/api/v1/organisations/<slug> -> /api/v1/organisations/{slug}, as route_table() has it."""
    return re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", pattern)


# --- The table ----------------------------------------------------------------------------

_signin = "the sign-in and account pages of allauth"
_mine = "the current organisation's own data"

ACCESS = {
    # Outside the language prefix.
    "healthz": Public(why="200 when the database answers"),
    "set_language": Public(why="sets the language cookie", calls=(set_language,)),
    # Home, the guide, the client-side catalogue.
    "home": Public(why="the approach, and the member's own next step"),
    "javascript-catalog": Public(),
    "guide:index": Public(),
    "guide:search": Public(),
    "guide:cost-sharing": Public(why="a worked example with fictional figures"),
    "guide:chapter": Public(calls=(guide_chapter,), may_change=frozenset({"guide.chapterread"})),
    "guide:quiz-answer": Public(calls=(guide_quiz,), may_change=frozenset({"guide.quizanswer"})),
    # allauth.
    "account_login": Public(why=_signin),
    "account_logout": Public(why=_signin),
    "account_inactive": Public(why=_signin),
    "account_signup": Public(why=_signin),
    "account_reauthenticate": Own(why=_signin),
    "account_request_reauthentication_code": Own(why=_signin),
    "account_confirm_reauthentication_code": Own(why=_signin),
    "account_email": Own(why="the member's own addresses"),
    "account_email_verification_sent": Public(why=_signin),
    "account_change_password": Own(why=_signin),
    "account_set_password": Own(why=_signin),
    "account_reset_password": Public(why=_signin),
    "account_reset_password_done": Public(why=_signin),
    "account_reset_password_from_key_done": Public(why=_signin),
    "account_confirm_login_code": Public(why="the code sent by email, kept in the session"),
    "account_confirm_email": Capability(
        why="the key is emailed to the address it confirms",
        calls=(),
        forged=(forged_email_key,),
        forged_page=True,  # "this link is invalid or expired"
    ),
    "account_reset_password_from_key": Capability(
        why="the key is emailed to the account's address",
        calls=(),
        forged=(forged_reset_key,),
        forged_page=True,  # "the link is invalid"
    ),
    # Organisations.
    "organisations:directory": Public(why="a sign-in invitation, or the directory"),
    "organisations:map-points": Own(why="the directory's points, municipality only"),
    "organisations:create": Own(),
    "organisations:switch": Own(
        why="to one of the member's organisations", calls=(switch_to_target,)
    ),
    "organisations:invitation": Capability(
        why="the token is emailed to the invited address",
        calls=(real_invitation_token,),
        forged=(forged_invitation_token,),
        # The link's holder learns who invites which address to which organisation.
        discloses=frozenset({"name", "owner's name", "invited address"}),
    ),
    "organisations:detail": Object(calls=(target_slug,)),
    "organisations:edit": Object(calls=(target_slug,)),
    "organisations:members": Object(calls=(target_slug,)),
    "organisations:change-role": Object(calls=(target_membership, own_slug_target_membership)),
    "organisations:remove-member": Object(calls=(target_membership, own_slug_target_membership)),
    "organisations:leave": Object(calls=(target_slug,)),
    "organisations:invite": Object(calls=(target_slug,)),
    "organisations:confirm-invitation-address": Object(
        calls=(target_invitation, own_slug_target_invitation)
    ),
    "organisations:revoke-invitation": Object(
        calls=(target_invitation, own_slug_target_invitation)
    ),
    # Readiness.
    "readiness:index": Own(why=_mine),
    "readiness:answer": Own(why=_mine),
    "readiness:detail": Object(calls=(target_assessment,)),
    # Diagnostic.
    "diagnostic:index": Own(why=_mine),
    "diagnostic:report-pdf": Own(why=_mine),
    "diagnostic:weights": Own(why="the scoring grid: facilitators edit, members read"),
    "diagnostic:inventory": Own(why=_mine),
    "diagnostic:inventory-add": Own(why=_mine),
    "diagnostic:inventory-suggest": Own(why=_mine),
    "diagnostic:inventory-restore": Own(why=_mine, calls=(restore_target_item,)),
    "diagnostic:inventory-row": Object(calls=(target_item,)),
    "diagnostic:inventory-edit": Object(calls=(target_item,)),
    "diagnostic:inventory-delete": Object(calls=(target_item,)),
    "diagnostic:export-csv": Own(why=_mine),
    "diagnostic:export-xlsx": Own(why=_mine),
    "diagnostic:import": Own(why=_mine),
    "diagnostic:template-xlsx": Public(why="an empty spreadsheet to fill in"),
    # Partners.
    "partners:index": Own(why=_mine),
    "partners:progress": Own(why="the current organisation's region's run"),
    "partners:detail": Object(calls=(target_opportunity,)),
    "partners:retry": Own(
        why="asks again for the member's own region's run (the immediate task backend of the "
        "tests runs it at once): opportunities of the region, never a page of the target",
        may_change=frozenset(
            {
                "runs.enginerun",
                "runs.enginerunpiece",
                "partners.partnerrun",
                "partners.opportunity",
                "partners.opportunitymember",
                "partners.partnercandidate",
            }
        ),
    ),
    # Contact requests.
    "contacts:index": Own(why=_mine),
    "contacts:new": Own(why="to organisations of the directory", calls=(request_to_target,)),
    "contacts:notifications": Own(why="the member's own"),
    "contacts:notifications-read": Own(
        why="the member's own", may_change=frozenset({"contacts.notification"})
    ),
    "contacts:notification-open": Object(calls=(target_notification,)),
    "contacts:detail": Object(calls=(target_request,)),
    "contacts:accept": Object(calls=(target_request,)),
    "contacts:decline": Object(calls=(target_request,)),
    "contacts:withdraw": Object(calls=(target_request,)),
    "contacts:post-message": Object(calls=(target_request,)),
    # Projects.
    "projects:index": Own(why="the projects of the member's organisations"),
    "projects:create": Own(
        why="from the member's own request or opportunity",
        calls=(project_from_target_request, project_from_target_opportunity),
    ),
    "projects:detail": Object(calls=(target_project,)),
    "projects:edit": Object(calls=(target_project,)),
    "projects:partner-add": Object(calls=(target_project, own_project_with_target_partner)),
    "projects:quantities": Object(calls=(target_project_partner, own_project_target_partner)),
    "projects:step": Object(calls=(target_project_step,)),
    "projects:governance": Object(calls=(target_project,)),
    "projects:risks": Object(calls=(target_project,)),
    "projects:risk-edit": Object(calls=(target_project_risk, own_project_target_risk)),
    "projects:risk-delete": Object(calls=(target_project_risk, own_project_target_risk)),
    "projects:costs": Object(calls=(target_project,)),
    "projects:history": Object(calls=(target_project,)),
    "projects:agreement-pdf": Object(calls=(target_project,)),
    "projects:agreement-docx": Object(calls=(target_project,)),
    "projects:decisions": Object(calls=(target_project,)),
    "projects:decision": Object(calls=(target_project_decision, own_project_target_decision)),
    "projects:evaluation": Object(calls=(target_project,)),
    # Workshops: the facilitator's pages.
    "workshops:index": Own(why="the facilitator's own workshops"),
    "workshops:control": Object(calls=(target_workshop,)),
    "workshops:phase": Object(calls=(target_workshop,)),
    "workshops:lock": Object(calls=(target_workshop,)),
    "workshops:close": Object(calls=(target_workshop,)),
    "workshops:qr": Object(calls=(target_workshop,)),
    "workshops:screen": Object(calls=(target_workshop,)),
    "workshops:screen-board": Object(calls=(target_workshop,)),
    "workshops:hide-obstacle": Object(
        calls=(target_workshop_obstacle, own_workshop_target_obstacle)
    ),
    "workshops:remove-participant": Object(
        calls=(target_workshop_participant, own_workshop_target_participant)
    ),
    "workshops:report-csv": Object(calls=(target_workshop,)),
    "workshops:report-pdf": Object(calls=(target_workshop,)),
    # Workshops: the participants' pages (a seat in the session).
    "join:code": Public(why="the form that asks for a code"),
    "join:room": Capability(
        why="the code is the room's door: it opens the joining form, not the room",
        calls=(real_code,),
        forged=(forged_code,),
    ),
    "join:inventory": Object(calls=(target_code,)),
    "join:board": Object(calls=(target_code,)),
    "join:obstacle": Object(calls=(target_code,)),
    "join:vote": Object(calls=(target_code,)),
    "join:commit": Object(calls=(target_code,)),
    "join:propose": Object(calls=(target_code, own_code_target_partner)),
    "join:claim": Object(calls=(target_code,)),
    "join:copy-items": Object(calls=(target_code,)),
    "join:project": Object(calls=(target_code,)),
    # Privacy: the policy, my data, its export (a ZIP: the sweep reads the files inside),
    # deleting my account, deleting an organisation (its owners only).
    "privacy:policy": Public(),
    "privacy:mine": Own(why="the member's own data and organisations"),
    "privacy:export": Own(why="a ZIP of the member's own data"),
    "privacy:delete-account": Own(why="the member's own account, after the password"),
    "organisations:delete": Object(calls=(target_slug_confirmed,)),
    # Personal access tokens.
    "api-tokens:list": Own(why="the member's own tokens"),
    "api-tokens:revoke": Object(calls=(target_token,)),
    # The JSON API (/api/, outside the language prefix): each operation with its method,
    # with the session and with each Bearer token of the role.
    "api:openapi-json": Public(why="the schema: no data", api=True),
    "api:openapi-view": Public(why="Swagger UI on the schema"),
    "api:api-root": Public(why="a JSON 404", api=True),
    "api:not-found": Public(why="a JSON 404", calls=(api_unknown_path,), api=True),
    "api:taxonomy": _api(Own, "taxonomy", why="the shared taxonomy"),
    "api:organisation_list": _api(Own, "organisation_list", why="the caller's memberships"),
    "api:organisation_create": _api(
        Own, "organisation_create", api_new_organisation_named_as_target
    ),
    "api:organisation_detail": _api(Object, "organisation_detail", api_target_slug),
    "api:organisation_update": _api(Object, "organisation_update", api_target_slug),
    "api:inventory_list": _api(Object, "inventory_list", api_target_slug),
    "api:inventory_create": _api(Object, "inventory_create", api_target_inventory),
    "api:inventory_import": _api(Object, "inventory_import", api_target_import),
    "api:inventory_detail": _api(
        Object, "inventory_detail", api_target_item, api_own_slug_target_item
    ),
    "api:inventory_update": _api(
        Object, "inventory_update", api_target_item, api_own_slug_target_item
    ),
    "api:inventory_delete": _api(
        Object, "inventory_delete", api_target_item, api_own_slug_target_item
    ),
    "api:opportunity_list": _api(Object, "opportunity_list", api_target_slug),
    "api:opportunity_detail": _api(
        Object, "opportunity_detail", api_target_opportunity, api_own_slug_other_opportunity
    ),
    "api:request_list": _api(Object, "request_list", api_target_slug),
    "api:request_detail": _api(Object, "request_detail", api_target_request),
    "api:projects": _api(Own, "projects", why="the projects of the caller's organisations"),
    "api:project_detail": _api(Object, "project_detail", api_target_project),
    "api:engine_solve": _api(
        Own, "engine_solve", api_solve_with_target, why="solves the body; reads no data"
    ),
    # The admin: its login and logout pages are open; the rest follows the namespace's rule.
    "admin:login": Public(why="the admin's sign-in form"),
    "admin:logout": Public(why="signs out, back to the sign-in form"),
    # The admin's catch-all has no name: its entry is its pattern.
    "/admin/(?P<url>.*)$": Staff(calls=(admin_page,)),
}

# Whole namespaces with one rule: every django-admin page is wrapped by `admin_view`.
NAMESPACES = {"admin": Staff(why="django-admin: staff only", calls=(admin_kwargs,))}
