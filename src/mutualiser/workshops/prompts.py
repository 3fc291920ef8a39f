# ruff: noqa: E501  (the prompts read as whole sentences, one per line)
"""The facilitator's prompts for each phase, from the two-hour run sheet (domain.md §10.2)."""

from django.utils.translation import gettext_lazy as _

from .models import Phase

PROMPTS = {
    Phase.WELCOME: {
        "minutes": 10,
        "ask": [
            _(
                "Aujourd'hui, on explore : rien ne vous engage avant une entente signée. Ce qui se dit ici reste ici."
            ),
            _(
                "Votre organisme en trois mots-clés, et une ressource qui dort la plus grande partie de l'année."
            ),
        ],
        "watch": _(
            "Chacun a rejoint avec le code à l'écran ; fermez les inscriptions quand la salle est complète."
        ),
    },
    Phase.INVENTORY: {
        "minutes": 15,
        "ask": [
            _("Qu'est-ce qui vous coûte cher et sert peu ?"),
            _("Qu'utiliseriez-vous si vous n'aviez pas à le posséder ?"),
        ],
        "watch": _("Cinq minutes suffisent : une quantité approximative et une saison, pas plus."),
    },
    Phase.BOARD: {
        "minutes": 20,
        "ask": [
            _("Qui pourrait utiliser ceci ? Qui a ceci ?"),
            _("Voici les liens trouvés : lesquels vous surprennent ?"),
        ],
        "watch": _(
            "Chaque lien est potentiel ; lisez-le à voix haute et laissez les deux côtés réagir."
        ),
    },
    Phase.OBSTACLES: {
        "minutes": 15,
        "ask": [
            _(
                "Qu'est-ce qui empêcherait ceci : confiance, gouvernance, juridique, argent, personnes, logistique, temps ?"
            ),
        ],
        "watch": _(
            "Les questions juridiques se notent pour vérification, elles ne se débattent pas dans la salle."
        ),
    },
    Phase.VOTE: {
        "minutes": 10,
        "ask": [
            _(
                "Trois points chacun : placez-les sur les liens que vous essaieriez d'ici trois mois."
            ),
        ],
        "watch": _(
            "Les résultats restent cachés jusqu'à la fin du vote, pour éviter l'effet d'entraînement."
        ),
    },
    Phase.NEXT_STEPS: {
        "minutes": 15,
        "ask": [
            _("Qui appelle qui, et d'ici quand ?"),
            _(
                "Que devez-vous vérifier chez vous : conseil d'administration, assureur, comptable ?"
            ),
        ],
        "watch": _("Un coordonnateur nommé par lien : sans suivi, les pistes restent des pistes."),
    },
}
