"""The guide's sources link only to their publishers' own sites, never to document mirrors.

A source that has no original online (a mirror copy only) is cited by publisher and title,
without a link: see docs/guide-content.md and the "Sources" sections of the domain notes.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CONTENT = Path(__file__).resolve().parents[2] / "src" / "mutualiser" / "guide" / "content"
LINK = re.compile(r"\]\((https?://[^)\s]+)\)")

# Publishers' own sites (host, or host + path for an account on a hosting platform).
ALLOWED = {
    "arteca.fr",
    "association1901.fr",
    "baam-org.com",
    "bobelweb.eu",
    "cagibig.com",
    "cirano.qc.ca",
    "www.cirano.qc.ca",
    "comit.berlin",
    "conseil-job.com",
    "diagramme.org",
    "eclairs.aquitaine.fr",
    "fonda.asso.fr",
    "issuu.com/reseauenscene/",  # Réseau en scène's own account: the CRGE toolkit it published
    "lelabo-ess.org",
    "lesaffaires.com",
    "machineriedesarts.ca",
    "maytree.com",
    "monmatane.com",
    "petitguidemutualisation.rcaaq.org",
    "phsharing.org",
    "popburo.fr",
    "projetharas.wordpress.com",  # the Projet Haras's own blog
    "sharedservices.nfpstrategy.com.au",
    "socialimpactarchitects.com",
    "solfia.org",
    "ssir.org",
    "taca.qc.ca",
    "thephilanthropist.ca",
    "thoughtfulexaminations.com",
    "weiweico.com",
    "www.appropedia.org",
    "www.artere.qc.ca",
    "www.as-editions.com",
    "www.assoconnect.com",
    "www.bettertogetherfund.org",
    "www.causeplanet.org",
    "www.cnfpt.fr",
    "www.consortium-associatif.org",
    "www.culturepourtous.ca",
    "www.gypc.co",
    "www.labecedaire.fr",
    "www.lapiana.org",
    "www.mazlo.com",
    "www.ncvo.org.uk",
    "www.quebecdanse.org",
    "www.reseaumentorat.com",
    "www.rhinfoge.fr",
    "www.sympatico.ca",
    "www.theartsarea.org",
    "www.thecollaborationprize.org",
    "www.thegoodpartnership.com",
}
# Document-sharing mirrors, development copies and stale encyclopaedia mirrors.
DENIED = (
    "docplayer",
    "pdfslide",
    "studylib",
    "slideplayer",
    "vdocuments",
    "doczz",
    "scribd",
    "kiwix",
    "vortexdev",
    "devbeet",
    "over-blog",
    "github.com",
    "mphxxx",
)


def guide_links(language: str) -> list[tuple[str, str]]:
    return [
        (path.name, url)
        for path in sorted((CONTENT / language).glob("*.md"))
        for url in LINK.findall(path.read_text(encoding="utf-8"))
    ]


def is_allowed(url: str) -> bool:
    parts = urlsplit(url)
    return parts.netloc in ALLOWED or any(
        "/" in entry and (parts.netloc + parts.path).startswith(entry) for entry in ALLOWED
    )


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_source_link_points_to_an_allowed_publisher(language):
    links = guide_links(language)

    assert len(links) > 50  # the guide cites its sources
    assert [(name, url) for name, url in links if not is_allowed(url)] == []


@pytest.mark.parametrize("language", ["fr", "en"])
def test_no_mirror_is_named_anywhere_in_the_guide(language):
    for path in (CONTENT / language).glob("*.md"):
        text = path.read_text(encoding="utf-8").lower()

        assert [word for word in DENIED if word in text] == [], path.name


@pytest.mark.parametrize(
    ("language", "heading"), [("fr", "## Pour aller plus loin"), ("en", "## Further reading")]
)
def test_further_reading_names_the_publisher_before_each_title(language, heading):
    for path in (CONTENT / language).glob("*.md"):
        text = path.read_text(encoding="utf-8")
        if heading not in text:
            continue
        items = [line for line in text.split(heading, 1)[1].splitlines() if line.startswith("- ")]

        assert items, path.name
        for item in items:
            # "- Publisher, [Title](url) (year)" or "- Publisher, *Title* (year)" without a link.
            assert re.match(r"- [^\[\]*]+, (\[|\*)", item), (path.name, item)


def test_the_allow_and_deny_lists_catch_what_they_should():
    assert is_allowed("https://taca.qc.ca/la-mutualisation")
    assert is_allowed("https://issuu.com/reseauenscene/docs/ficheoutil-mutualisation")
    assert not is_allowed("https://issuu.com/someone-else/docs/a-copy")
    assert not is_allowed("http://docplayer.fr/4006922-associations.html")
    assert not is_allowed("https://centraide-mtl.wp.vortexdev.com/en/call")


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "en"])
def test_rendered_chapters_link_no_mirror(client, language):
    for slug in ("niveaux", "demarche", "obstacles", "partage-des-couts", "exemples"):
        content = client.get(f"/{language}/guide/{slug}/").content.decode().lower()

        assert [word for word in DENIED if word in content] == [], slug
