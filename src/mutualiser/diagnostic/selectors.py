"""Reads of the diagnostic app, shared by the views and the API."""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, QuerySet
from django.http import Http404

from mutualiser.organisations.models import Membership, Organisation
from mutualiser.words.language import is_english

from .models import Category, Family, InventoryItem

# --- inventory ---------------------------------------------------------------------------


def inventory_item_list(organisation: Organisation | int) -> QuerySet[InventoryItem]:
    """The organisation's items with their category and family, in taxonomy order."""
    return (
        InventoryItem.objects.filter(organisation=organisation)
        .select_related("category__family")
        .order_by("category__family__order", "category__order", "direction", "label", "id")
    )


@dataclass(frozen=True)
class FamilyItems:
    family: Family
    items: list[InventoryItem]


INVENTORY_PER_PAGE = 40  # a screenful or two on a phone; the rest by pages (issue 8)


@dataclass(frozen=True)
class InventoryOverview:
    """What the inventory page shows of a whole inventory, and one page of its items.

    Two queries for the whole inventory (its rows' keys, the families) and one for the page,
    whatever its size.
    """

    page: Page
    groups: list[FamilyItems]
    families: list[tuple[Family, int, int]]  # (family, its items, the page where it starts)
    present: dict[int, list[str]]  # category id -> the directions already in the inventory
    direction_counts: Counter
    to_complete: int
    family_counts: dict[int, int]

    @property
    def item_count(self) -> int:
        return self.page.paginator.count


def inventory_overview(
    organisation: Organisation, page_number: object = 1, per_page: int = INVENTORY_PER_PAGE
) -> InventoryOverview:
    rows = list(
        inventory_item_list(organisation).values_list(
            "pk", "category_id", "direction", "months", "category__family_id"
        )
    )
    present: dict[int, list[str]] = {}
    family_counts: Counter = Counter()
    family_start: dict[int, int] = {}
    for index, (_pk, category_id, direction, _months, family_id) in enumerate(rows):
        present.setdefault(category_id, []).append(direction)
        family_counts[family_id] += 1
        family_start.setdefault(family_id, index // per_page + 1)
    page = Paginator(rows, per_page).get_page(page_number)
    ids = [row[0] for row in page.object_list]
    by_id = InventoryItem.objects.select_related("category__family").in_bulk(ids)
    groups: dict[int, FamilyItems] = {}
    for pk in ids:
        item = by_id[pk]
        family = item.category.family
        groups.setdefault(family.pk, FamilyItems(family, [])).items.append(item)
    families = Family.objects.in_bulk(list(family_start))
    return InventoryOverview(
        page=page,
        groups=list(groups.values()),
        families=[(families[pk], family_counts[pk], start) for pk, start in family_start.items()],
        present=present,
        direction_counts=Counter(row[2] for row in rows),
        to_complete=sum(1 for row in rows if not any(row[3] or [])),
        family_counts=dict(family_counts),
    )


def inventory_page_of(item: InventoryItem, per_page: int = INVENTORY_PER_PAGE) -> int:
    """The page of the inventory that shows this item (one query)."""
    ids = list(inventory_item_list(item.organisation_id).values_list("pk", flat=True))
    return ids.index(item.pk) // per_page + 1 if item.pk in ids else 1


def get_inventory_item_for_member(
    user, item_id: int, *, memberships: Sequence[Membership]
) -> tuple[InventoryItem, Membership]:
    """An item of one of the user's organisations, with the user's membership there, or 404.

    `memberships` are the user's, as the request read them (the header needs them too).
    Items of organisations the user does not belong to are a 404, never a 403: an id must not
    tell whether it exists.
    """
    if not user.is_authenticated:
        raise Http404
    by_organisation = {m.organisation_id: m for m in memberships if m.user_id == user.pk}
    item = (
        InventoryItem.objects.select_related("category__family", "organisation")
        .filter(pk=item_id, organisation_id__in=list(by_organisation))
        .first()
    )
    if item is None:
        raise Http404
    return item, by_organisation[item.organisation_id]


# --- taxonomy ----------------------------------------------------------------------------


def family_list_with_categories() -> list[Family]:
    """Every family with its categories prefetched, in taxonomy order (two queries)."""
    categories = Prefetch("categories", queryset=Category.objects.order_by("order", "code"))
    return list(Family.objects.prefetch_related(categories).order_by("order", "code"))


def category_list() -> QuerySet[Category]:
    return Category.objects.select_related("family").order_by("family__order", "order", "code")


# --- free text → categories ----------------------------------------------------------------

# Words that say nothing about what is needed (French and English), already without accents.
STOPWORDS = frozenset(
    """
    a au aux avec ce ces cet cette chez dans de des du elle en est et etre il ils je la le les
    leur leurs lui ma mais me mes moi mon ne nos notre nous on ou par pas plus pour qu que qui
    quelqu quelque quelqu un une sa se ses son sur ta te tes ton tu un une vos votre vous y
    avoir faire fait besoin besoins cherche cherchons chercher recherche trouver aimerait
    voudrait veut voulons souhaite aider aide quelqu'un personne gens offre offrons offrir
    partager partage preter pretons disponible disponibles nos
    the an and or of for to in on with we our us need needs needed looking look someone
    somebody find help want would like share offer offering have has some any
    """.split()
)
# Short words that still mean something in our sector.
SHORT_WORDS = frozenset({"rh", "ti", "it", "hr", "pr", "tps", "tvq", "crm", "web"})


def normalise_text(text: str) -> str:
    """Lower case, without accents; punctuation becomes space ("Régie/son" → "regie son")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    plain = plain.replace("œ", "oe").replace("æ", "ae")
    return re.sub(r"[^a-z0-9]+", " ", plain).strip()


def _stem(word: str) -> str:
    """A crude stem shared by French and English: no plural mark, six letters at most.

    "comptable" and "comptabilité" both give "compta"; "salles" and "salle" give "salle".
    """
    if len(word) > 4 and word[-1] in "sx":
        word = word[:-1]
    return word[:6]


def _stems(text: str) -> set[str]:
    words = normalise_text(text).split()
    return {
        _stem(word)
        for word in words
        if word not in STOPWORDS and (len(word) >= 3 or word in SHORT_WORDS)
    }


@dataclass(frozen=True)
class Suggestion:
    category: Category
    score: float


def category_suggest(text: str, *, limit: int = 6) -> list[Suggestion]:
    """Categories whose words match the text, best first; accents and case ignored.

    A word of the label counts 3, a word of the description 1; the other language's label and
    description count half, so that an English word typed on the French site still finds its
    category. Each word is divided by the square root of the number of categories using it,
    so that "répétition" weighs more than "salle". Ties keep the taxonomy order.
    """
    wanted = _stems(text)
    if not wanted:
        return []
    english = is_english()
    indexed = []
    for category in category_list():
        own, other = ("en", "fr") if english else ("fr", "en")
        weighted = (
            (_stems(getattr(category, f"label_{own}")) | {_stem(category.code)}, 3.0),
            (_stems(getattr(category, f"description_{own}")), 1.0),
            (_stems(getattr(category, f"label_{other}")), 1.5),
            (_stems(getattr(category, f"description_{other}")), 0.5),
        )
        indexed.append((category, weighted))
    frequency: dict[str, int] = {}
    for _category, weighted in indexed:
        for stem in set().union(*(stems for stems, _weight in weighted)) & wanted:
            frequency[stem] = frequency.get(stem, 0) + 1
    suggestions = []
    for order, (category, weighted) in enumerate(indexed):
        score = 0.0
        for stem in wanted & frequency.keys():
            best = max((weight for stems, weight in weighted if stem in stems), default=0.0)
            score += best / math.sqrt(frequency[stem])
        if score > 0:
            suggestions.append((score, order, category))
    suggestions.sort(key=lambda entry: (-entry[0], entry[1]))
    return [
        Suggestion(category, round(score, 3)) for score, _order, category in suggestions[:limit]
    ]


def guess_direction(text: str) -> str:
    """need, offer or inhouse, from the words of a free-text request ("on prête…" → offer)."""
    words = set(normalise_text(text).split())
    if words & {
        "offre",
        "offrons",
        "offrir",
        "prete",
        "pretons",
        "preter",
        "disponible",
        "louons",
        "partageons",
        "offer",
        "lend",
        "spare",
        "available",
    }:
        return "offer"
    if words & {"interne", "inhouse", "faisons", "ourselves"}:
        return "inhouse"
    return "need"
