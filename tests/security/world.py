"""The access sweep's world: a target organisation with one of everything, and the roles.

The target T is private and owned by tina; it has an inventory item, a readiness
assessment, a pending invitation, a contact request to P (with its thread and tina's
notification), a pooling project with P (decision, risk, allocation, evaluation) and a seat in
fiona's workshop W1 (an item, an obstacle, a commitment, and a guest beside it). P and X are
in the directory; their opportunity of the region's run is theirs alone.

The roles belong elsewhere: vic (viewer), edna (editor) and olga (owner) are members of R,
which has its own item, project (with X) and opportunity; felix facilitates W2, where the
guest role holds a seat. Every private string of the target is planted in `SECRETS`: none
may reach a role's screen.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.conf import settings
from django.utils import timezone

from mutualiser.accounts.models import User
from mutualiser.api.models import PersonalAccessToken
from mutualiser.api.services import token_create
from mutualiser.diagnostic.models import Direction
from mutualiser.organisations.choices import Role, Visibility
from mutualiser.projects.models import ProjectPartner
from mutualiser.projects.services import project_create
from mutualiser.workshops.models import Phase
from mutualiser.workshops.selectors import SESSION_KEY as SEATS_SESSION_KEY
from tests.contacts.factories import (
    ContactRequestFactory,
    NotificationFactory,
    RequestMessageFactory,
)
from tests.factories import (
    AllocationSnapshotFactory,
    CategoryFactory,
    CommitmentFactory,
    DecisionFactory,
    EvaluationFactory,
    FacilitatorFactory,
    InventoryItemFactory,
    InvitationFactory,
    MembershipFactory,
    ObstacleFactory,
    OpportunityFactory,
    OpportunityMemberFactory,
    OrganisationFactory,
    ParticipantFactory,
    PartnerRunFactory,
    ReadinessAssessmentFactory,
    RiskFactory,
    UserFactory,
    WorkshopFactory,
    WorkshopItemFactory,
)

# The target's private strings: a response that contains one of them leaks.
SECRETS = {
    "name": "ZQX Cible Privée",
    "owner's name": "ZQX Tina Cible",
    "owner's email": "zqx-tina@example.org",
    "item label": "ZQX-etiquette-de-l-item",
    "item notes": "ZQX-notes-de-l-item",
    "invited address": "zqx-invitee@example.org",
    "request message": "ZQX-message-de-la-demande",
    "request first step": "ZQX-premier-pas",
    "thread message": "ZQX-message-du-fil",
    "project title": "ZQX-titre-du-projet",
    "project place": "ZQX-lieu-du-projet",
    "decision": "ZQX-titre-de-la-decision",
    "decision text": "ZQX-texte-de-la-decision",
    "risk": "ZQX-description-du-risque",
    "evaluation note": "ZQX-bilan-de-l-essai",
    "partner's item label": "ZQX-etiquette-du-partenaire",
    "workshop guest": "ZQX Invitée de l'atelier",
    "obstacle": "ZQX-obstacle-de-l-atelier",
    "commitment": "ZQX-engagement-de-l-atelier",
    "token name": "ZQX-jeton-de-tina",
}

# What an anonymous tool may send: a token of the right shape that no one holds.
FORGED_TOKEN = "mut_" + "A" * 43


@dataclass
class World:
    category: object
    target: object
    tina: object
    tina_membership: object
    item: object
    assessment: object
    invitation: object
    partner: object
    request: object
    notification: object
    project: object
    project_partner: object
    decision: object
    risk: object
    opportunity: object
    workshop: object
    workshop_participant: object
    workshop_guest: object
    obstacle: object
    mine: object  # R, the organisation of vic, edna and olga
    members: dict  # role -> user
    own_project: object
    own_risk: object
    own_decision: object
    own_opportunity: object
    own_workshop: object
    own_seat: object
    target_token: object  # tina's personal access token
    # role -> {"read": raw token, "write": raw token}; anonymous and the guest have none.
    tokens: dict = field(default_factory=dict)

    def user(self, role: str):
        return self.members.get(role)

    def credentials(self, role: str) -> list[tuple[str, str]]:
        """The Bearer tokens the role calls the API with: its read and write tokens; the
        anonymous visitor, a forged one; the workshop guest, none (it has no account)."""
        if role == "anonymous":
            return [("forged", FORGED_TOKEN)]
        return sorted(self.tokens.get(role, {}).items())

    def my_organisation(self, role: str):
        return self.mine if role in ("viewer", "editor", "owner") else None


def build_world() -> World:
    category = CategoryFactory(code="accounting", label_fr="Comptabilité", label_en="Accounting")
    target = OrganisationFactory(
        name=SECRETS["name"], slug="zqx-cible-privee", visibility=Visibility.PRIVATE
    )
    tina = UserFactory(email=SECRETS["owner's email"], full_name=SECRETS["owner's name"])
    tina_membership = MembershipFactory(user=tina, organisation=target, role=Role.OWNER)
    item = InventoryItemFactory(
        organisation=target,
        category=category,
        label=SECRETS["item label"],
        notes=SECRETS["item notes"],
        annual_cost=Decimal("987654.32"),
        satisfaction=2,
    )
    assessment = ReadinessAssessmentFactory(organisation=target, answered_by=tina)
    invitation = InvitationFactory(
        organisation=target, email=SECRETS["invited address"], invited_by=tina
    )

    partner = OrganisationFactory(name="Diffusion du Quai", visibility=Visibility.DIRECTORY)
    paul = UserFactory(email="paul@example.org", full_name="Paul Quai")
    MembershipFactory(user=paul, organisation=partner, role=Role.OWNER)
    request = ContactRequestFactory(
        sender=target,
        recipient=partner,
        sent_by=tina,
        category=category,
        message=SECRETS["request message"],
        first_step=SECRETS["request first step"],
    )
    RequestMessageFactory(
        request=request, organisation=target, author=tina, body=SECRETS["thread message"]
    )
    notification = NotificationFactory(user=tina, request=request, kind="accepted")

    project = project_create(
        created_by=tina,
        lead=target,
        partners=[partner],
        category=category,
        title=SECRETS["project title"],
        months_by_partner={target.pk: [20] * 12, partner.pk: [30] * 12},
        place=SECRETS["project place"],
    )
    project_partner = ProjectPartner.objects.get(project=project, organisation=target)
    decision = DecisionFactory(
        proposed_by=project_partner, title=SECRETS["decision"], text=SECRETS["decision text"]
    )
    risk = RiskFactory(project=project, description=SECRETS["risk"], owner=project_partner)
    AllocationSnapshotFactory(project=project, decision=decision)
    EvaluationFactory(project=project, note=SECRETS["evaluation note"], created_by=tina)

    # The region's run: P and X share accounting; R and X too (R's own opportunity).
    x = OrganisationFactory(name="Musée du Fil", visibility=Visibility.DIRECTORY)
    run = PartnerRunFactory(region=target.region)
    opportunity = OpportunityFactory(run=run, category=category)
    OpportunityMemberFactory(
        opportunity=opportunity,
        item=InventoryItemFactory(
            organisation=partner, category=category, label=SECRETS["partner's item label"]
        ),
    )
    OpportunityMemberFactory(
        opportunity=opportunity, item=InventoryItemFactory(organisation=x, category=category)
    )

    mine = OrganisationFactory(name="Théâtre du Rôle", visibility=Visibility.DIRECTORY)
    members = {}
    for role, membership_role in (
        ("viewer", Role.VIEWER),
        ("editor", Role.EDITOR),
        ("owner", Role.OWNER),
    ):
        user = UserFactory(email=f"{role}@example.org", full_name=f"Rôle {role}")
        MembershipFactory(user=user, organisation=mine, role=membership_role)
        members[role] = user
    my_item = InventoryItemFactory(organisation=mine, category=category, label="Notre compta")
    ReadinessAssessmentFactory(organisation=mine)
    own_opportunity = OpportunityFactory(run=run, category=category)
    OpportunityMemberFactory(opportunity=own_opportunity, item=my_item)
    OpportunityMemberFactory(
        opportunity=own_opportunity,
        item=InventoryItemFactory(
            organisation=x, category=category, direction=Direction.NEED, label="Saison d'été"
        ),
    )
    own_project = project_create(
        created_by=members["owner"],
        lead=mine,
        partners=[x],
        category=category,
        title="Notre projet",
    )
    own_partner = ProjectPartner.objects.get(project=own_project, organisation=mine)
    own_risk = RiskFactory(project=own_project, description="Notre risque")
    own_decision = DecisionFactory(proposed_by=own_partner, title="Notre décision")

    # Fiona's workshop W1 with the target and a guest; felix's W2 with the role's guest seat.
    fiona = FacilitatorFactory(email="fiona@example.org", full_name="Fiona Atelier")
    workshop = WorkshopFactory(facilitator=fiona, title="Atelier de la cible", phase=Phase.BOARD)
    workshop_participant = ParticipantFactory(
        workshop=workshop, organisation=target, user=tina, guest_name="", number=1
    )
    WorkshopItemFactory(participant=workshop_participant, category=category)
    workshop_guest = ParticipantFactory(
        workshop=workshop, guest_name=SECRETS["workshop guest"], number=2
    )
    WorkshopItemFactory(participant=workshop_guest, category=category, direction="offer")
    obstacle = ObstacleFactory(participant=workshop_participant, text=SECRETS["obstacle"])
    CommitmentFactory(participant=workshop_participant, text=SECRETS["commitment"])

    felix = FacilitatorFactory(email="felix@example.org", full_name="Félix Animateur")
    members["facilitator"] = felix
    own_workshop = WorkshopFactory(facilitator=felix, title="Atelier du rôle", phase=Phase.BOARD)
    own_seat = ParticipantFactory(workshop=own_workshop, guest_name="Invité du rôle", number=1)
    WorkshopItemFactory(participant=own_seat, category=category)

    # Personal access tokens: tina's (its revoke page is another member's), and a read and a
    # write token for each role with an account.
    target_token = token_create(user=tina, name=SECRETS["token name"], scope="write").token
    tokens = {
        role: {
            scope: token_create(user=user, name=f"{role} {scope}", scope=scope).raw
            for scope in ("read", "write")
        }
        for role, user in members.items()
    }
    # A token's use is written at most once a minute (`LAST_USED_EVERY`): marked used later
    # than any sweep lasts, so that a call writes nothing and every other write shows.
    PersonalAccessToken.objects.update(last_used_at=timezone.now() + timedelta(days=1))

    # allauth's rows for every account, as signing up leaves them.
    for user in User.objects.all():
        EmailAddress.objects.get_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )

    return World(
        category=category,
        target=target,
        tina=tina,
        tina_membership=tina_membership,
        item=item,
        assessment=assessment,
        invitation=invitation,
        partner=partner,
        request=request,
        notification=notification,
        project=project,
        project_partner=project_partner,
        decision=decision,
        risk=risk,
        opportunity=opportunity,
        workshop=workshop,
        workshop_participant=workshop_participant,
        workshop_guest=workshop_guest,
        obstacle=obstacle,
        mine=mine,
        members=members,
        own_project=own_project,
        own_risk=own_risk,
        own_decision=own_decision,
        own_opportunity=own_opportunity,
        own_workshop=own_workshop,
        own_seat=own_seat,
        target_token=target_token,
        tokens=tokens,
    )


def client_for(world: World, role: str, client):
    """Sign the client in as the role (the guest: a seat in W2 kept in its session)."""
    user = world.user(role)
    if user is not None:
        client.force_login(user)
    if role == "guest":
        session = client.session
        session[SEATS_SESSION_KEY] = {str(world.own_workshop.pk): world.own_seat.pk}
        session.save()
        client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    return client
