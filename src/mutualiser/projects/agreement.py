"""The agreement draft (« convention de mutualisation ») in PDF (WeasyPrint) and DOCX.

One list of clauses, built from the project in the chosen language, feeds both files, so the
PDF and the document partners edit in their word processor say the same thing. The clauses
follow domain.md §9; the draft says it must be reviewed with counsel.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from mutualiser.words import formats
from mutualiser.words.reasons import unit_name

from . import calculator
from .choices import PartnerRole
from .knowledge import FORM_BY_CODE
from .models import PoolingProject

DEFAULT_RULE = "proportional"


@dataclass
class Clause:
    title: str
    paragraphs: list[str] = field(default_factory=list)
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)


@dataclass
class Agreement:
    title: str
    subtitle: str
    warning: str
    date_text: str
    clauses: list[Clause]
    signatures: list[str]
    lang: str


def agreement_filename(project: PoolingProject, extension: str, lang: str) -> str:
    return f"convention-{project.pk}-{lang}.{extension}"


def _parties(project: PoolingProject) -> Clause:
    clause = Clause(_("Parties"))
    clause.paragraphs.append(_("La présente convention est conclue entre :"))
    for partner in project.partners.select_related("organisation"):
        org = partner.organisation
        where = ", ".join(x for x in [org.municipality, org.get_region_display()] if x)
        role = _(" (organisme porteur)") if partner.role == PartnerRole.LEAD else ""
        clause.paragraphs.append(
            _(
                "%(name)s, %(kind)s, %(where)s%(role)s, représenté par [nom et fonction du signataire], autorisé par une résolution de son conseil d'administration du [date] ;"
            )
            % {
                "name": org.name,
                "kind": org.get_legal_kind_display(),
                "where": where or "[adresse]",
                "role": role,
            }
        )
    clause.paragraphs.append(_("ci-après « les partenaires »."))
    return clause


def build_agreement(project: PoolingProject, lang: str) -> Agreement:
    """The clauses in `lang`, with the project's figures (the chosen key, else by use)."""
    with translation.override(lang):
        return _build(project, lang)


def _build(project: PoolingProject, lang: str) -> Agreement:
    category = project.category
    calculation = calculator.calculate(project, lang=lang)
    rule = project.chosen_rule or DEFAULT_RULE
    unit = category.unit
    form = FORM_BY_CODE.get(project.governance_form)
    resource = category.label_en if lang == "en" else category.label_fr
    place = project.place or _("[lieu à préciser]")
    clauses: list[Clause] = [_parties(project)]

    clauses.append(
        Clause(
            _("Préambule et objet"),
            [
                _(
                    "Les partenaires sont des organismes culturels qui ont un besoin commun : %(resource)s. Ils conviennent de le partager pour réduire leurs coûts et gagner en capacité, chacun tirant un bénéfice de la mise en commun."
                )
                % {"resource": resource.lower()},
                _(
                    "La convention a pour objet la mutualisation de la ressource suivante : %(resource)s, à %(place)s, dans les conditions ci-dessous."
                )
                % {"resource": resource, "place": place},
            ],
        )
    )
    clauses.append(
        Clause(
            _("Indépendance des partenaires"),
            [
                _(
                    "Chaque partenaire garde sa mission, sa gouvernance et ses comptes. La convention ne crée ni société, ni partage de bénéfices, ni mandat général entre les partenaires."
                ),
            ],
        )
    )
    resource_clause = Clause(
        _("Ressource partagée et quantités"),
        [
            _("Chaque partenaire prévoit d'utiliser les quantités suivantes (%(unit)s par an) :")
            % {"unit": unit_name(unit, 2, lang)},
        ],
        header=[_("Partenaire"), _("Usage prévu par an"), _("Mois d'usage")],
    )
    for row in calculation.rows if calculation else []:
        months = [str(i + 1) for i, q in enumerate(row.partner.months) if q > 0]
        resource_clause.rows.append(
            [
                row.partner.organisation.name,
                f"{formats.number(row.use, lang, 0)} {unit_name(unit, row.use, lang)}",
                ", ".join(months) or "—",
            ]
        )
    resource_clause.paragraphs.append(
        _(
            "Le calendrier de réservation, la priorité d'accès, l'entretien, les consommables et la conduite à tenir en cas de bris ou de perte sont précisés en annexe."
        )
    )
    clauses.append(resource_clause)

    start = project.start_date or timezone.localdate()
    end = project.trial_end
    term = Clause(_("Durée et période d'essai"))
    term.paragraphs.append(
        _("La convention prend effet le %(start)s.") % {"start": formats.date(start, lang)}
    )
    if end:
        term.paragraphs.append(
            _(
                "Une période d'essai court jusqu'au %(end)s ; à son terme, les partenaires évaluent la mutualisation et décident de la renouveler, de l'ajuster ou d'y mettre fin."
            )
            % {"end": formats.date(end, lang)}
        )
    else:
        term.paragraphs.append(
            _(
                "Une période d'essai de [durée] est prévue ; à son terme, les partenaires évaluent la mutualisation et décident de la renouveler, de l'ajuster ou d'y mettre fin."
            )
        )
    term.paragraphs.append(
        _("Au-delà, la convention se renouvelle d'année en année, sauf décision contraire.")
    )
    clauses.append(term)

    key = Clause(_("Clé de répartition des coûts"))
    if calculation:
        rule_label = str(calculator.RULE_LABELS[rule])
        if project.chosen_rule:
            key.paragraphs.append(
                _("Les partenaires ont retenu la clé « %(rule)s » : %(explanation)s")
                % {
                    "rule": rule_label,
                    "explanation": str(calculator.RULE_EXPLANATIONS[rule]).lower(),
                }
            )
        else:
            key.paragraphs.append(
                _(
                    "Aucune clé n'est encore retenue par décision ; le tableau montre la clé « %(rule)s » à titre indicatif."
                )
                % {"rule": rule_label}
            )
        key.paragraphs.append(
            _(
                "Le coût annuel estimé de la ressource partagée est de %(cost)s, contre %(alone)s si chacun l'achetait seul."
            )
            % {
                "cost": formats.money(calculation.cost, lang),
                "alone": formats.money(calculation.alone, lang),
            }
        )
        key.header = [_("Partenaire"), _("Part annuelle"), _("Coût seul"), _("Économie")]
        for row in calculation.rows:
            key.rows.append(
                [
                    row.partner.organisation.name,
                    formats.money(row.shares[rule], lang),
                    formats.money(row.standalone, lang),
                    formats.money(row.savings[rule], lang),
                ]
            )
        key.paragraphs.append(calculation.check(rule).text)
    key.paragraphs.append(
        _(
            "Les montants sont avant TPS et TVQ ; la partie qui facture applique les taxes que son statut exige. Les parts sont payées [trimestriellement] sur facture du porteur, qui refacture au coût, sans marge, et garde les pièces justificatives."
        )
    )
    key.paragraphs.append(
        _("La clé est revue chaque année, et à l'entrée ou au départ d'un partenaire.")
    )
    clauses.append(key)

    governance = Clause(_("Gouvernance et règles de décision"))
    if form:
        governance.paragraphs.append(
            _("Forme retenue : %(form)s (%(level)s). %(explanation)s")
            % {
                "form": project.get_governance_form_display(),
                "level": form.level,
                "explanation": form.explanation,
            }
        )
        governance.paragraphs.append(_("Forme juridique : %(legal)s") % {"legal": form.legal_form})
        governance.paragraphs.append(_("Qui emploie : %(employer)s") % {"employer": form.employer})
        governance.paragraphs.append(_("Qui paie : %(payer)s") % {"payer": form.payer})
    else:
        governance.paragraphs.append(
            _("La forme de gouvernance reste à choisir par décision des partenaires.")
        )
    governance.paragraphs.append(
        _(
            "Un comité de suivi réunit un représentant de chaque partenaire. Toute proposition est soumise à chaque partenaire, qui répond d'accord, abstention, pas d'accord ou blocage, avec sa raison, avant la date de clôture. Un blocage arrête la proposition ; sinon elle est adoptée quand les accords l'emportent sur les désaccords. Chaque décision est consignée avec sa date et les réponses."
        )
    )
    clauses.append(governance)

    clauses.append(
        Clause(
            _("Entrée et sortie d'un partenaire"),
            [
                _(
                    "Un nouvel organisme peut adhérer par décision des partenaires ; la clé est alors recalculée."
                ),
                _(
                    "Un partenaire peut se retirer avec un préavis de [trois] mois ; il paie sa part des coûts engagés jusqu'à la fin du préavis. Les biens acquis en commun sont rendus ou rachetés à leur valeur convenue."
                ),
                _(
                    "Au Québec, le client d'un contrat de service peut le résilier (C.c.Q., art. 2125) en payant les frais et le travail faits (art. 2129)."
                ),
            ],
        )
    )
    clauses.append(
        Clause(
            _("Confidentialité et renseignements personnels"),
            [
                _(
                    "Chaque partenaire garde confidentielles les informations des autres qu'il reçoit dans le cadre de la convention."
                ),
                _(
                    "Quand un partenaire traite des renseignements personnels pour un autre, il le fait selon un mandat écrit, avec des mesures de sécurité, sans autre usage, les détruit à la fin et signale tout incident sans délai (Loi 25)."
                ),
            ],
        )
    )
    clauses.append(
        Clause(
            _("Assurances et responsabilité"),
            [
                _(
                    "Chaque partenaire maintient son assurance responsabilité civile et celle de ses administrateurs et dirigeants. Les biens confiés à un partenaire, y compris pendant le transport et l'entreposage, sont couverts par [partenaire]."
                ),
            ],
        )
    )
    if category.kind in ("human", "immaterial", "service"):
        clauses.append(
            Clause(
                _("Propriété intellectuelle"),
                [
                    _(
                        "Les œuvres et documents réalisés par une personne employée appartiennent à son employeur, sauf entente écrite contraire ; ceux d'un travailleur autonome restent à lui sans cession écrite. Les droits moraux restent aux auteurs."
                    ),
                ],
            )
        )
    clauses.append(
        Clause(
            _("Règlement des différends"),
            [
                _(
                    "Les partenaires cherchent d'abord une entente à l'amiable, puis une médiation, avant tout arbitrage ou recours aux tribunaux."
                ),
            ],
        )
    )
    review = end + datetime.timedelta(days=1) if end else None
    clauses.append(
        Clause(
            _("Date de révision"),
            [
                (
                    _(
                        "La convention, la clé, le budget, la satisfaction et la charge de travail sont revus le %(date)s, puis chaque année."
                    )
                    % {"date": formats.date(review, lang)}
                )
                if review
                else _(
                    "La convention, la clé, le budget, la satisfaction et la charge de travail sont revus chaque année."
                ),
            ],
        )
    )
    clauses.append(
        Clause(
            _("Annexes"),
            [
                _(
                    "A. Description de la ressource et règles d'utilisation. B. Budget et calcul de la clé. C. Calendrier. D. Le cas échéant, l'entente signée avec la personne employée."
                ),
            ],
        )
    )
    for number, clause in enumerate(clauses, start=1):
        clause.title = f"{number}. {clause.title}"
    return Agreement(
        title=_("Convention de mutualisation"),
        subtitle=project.title,
        warning=_(
            "Brouillon à relire avec un conseiller juridique ou un comptable avant toute signature. Ce document n'est pas un avis juridique."
        ),
        date_text=_("Brouillon du %(date)s") % {"date": formats.date(timezone.localdate(), lang)},
        clauses=clauses,
        signatures=[p.organisation.name for p in project.partners.select_related("organisation")],
        lang=lang,
    )


def agreement_pdf_bytes(project: PoolingProject, *, lang: str, base_url: str) -> bytes:
    from weasyprint import HTML

    agreement = build_agreement(project, lang)
    with translation.override(lang):
        html = render_to_string(
            "projects/agreement.html", {"agreement": agreement, "project": project}
        )
    return HTML(string=html, base_url=base_url).write_pdf()


def agreement_docx_bytes(project: PoolingProject, *, lang: str) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt, RGBColor

    agreement = build_agreement(project, lang)
    document = Document()
    document.core_properties.title = f"{agreement.title} · {agreement.subtitle}"
    document.core_properties.language = "fr-CA" if lang == "fr" else "en-CA"
    style = document.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(11)
    header = document.sections[0].header.paragraphs[0]
    header.text = agreement.date_text.upper() + " · " + agreement.subtitle
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    document.add_heading(agreement.title, level=0)
    document.add_paragraph(agreement.subtitle).runs[0].bold = True
    warning = document.add_paragraph()
    run = warning.add_run(agreement.warning)
    run.italic = True
    run.font.color.rgb = RGBColor(0xB3, 0x26, 0x1E)
    for clause in agreement.clauses:
        document.add_heading(clause.title, level=1)
        table_after = 1 if clause.header else len(clause.paragraphs)
        for paragraph in clause.paragraphs[:table_after]:
            document.add_paragraph(paragraph)
        if clause.header:
            table = document.add_table(rows=1, cols=len(clause.header))
            table.style = "Light Grid Accent 1"
            for cell, text in zip(table.rows[0].cells, clause.header, strict=True):
                cell.text = text
            for row in clause.rows:
                cells = table.add_row().cells
                for cell, text in zip(cells, row, strict=True):
                    cell.text = text
            for paragraph in clause.paragraphs[1:]:
                document.add_paragraph(paragraph)
    document.add_heading(_signature_title(lang), level=1)
    for name in agreement.signatures:
        document.add_paragraph(f"{name}\n" + _signature_line(lang))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _signature_title(lang: str) -> str:
    with translation.override(lang):
        return _("Signatures")


def _signature_line(lang: str) -> str:
    with translation.override(lang):
        return _("Nom, fonction, date : ________________________  Signature : ________________")
