"""Write the lighter copies of Django's widget templates (src/mutualiser/core/form_templates).

Each copy is the installed Django's template with its includes of attrs.html, input.html,
input_option.html, the error lists' ul.html and the default option templates written out in
place: the same output without an include per option, input or error list
(core/form_renderer.py says why).

    .venv/bin/python scripts/form_templates.py           # rewrite the copies
    .venv/bin/python scripts/form_templates.py --check   # exit 1 if they differ (a new Django)
"""

from __future__ import annotations

import sys
from pathlib import Path

import django.forms

DJANGO = Path(django.forms.__file__).resolve().parent / "templates" / "django" / "forms"
COPIES = Path(__file__).resolve().parent.parent / "src/mutualiser/core/form_templates/django/forms"
INCLUDE_ATTRS = '{% include "django/forms/widgets/attrs.html" %}'
INCLUDE_INPUT = '{% include "django/forms/widgets/input.html" %}'
INCLUDE_INPUT_OPTION = '{% include "django/forms/widgets/input_option.html" %}'
INCLUDE_FORM_ATTRS = "{% include 'django/forms/attrs.html' %}"
INCLUDE_OPTION = "{% include option.template_name with widget=option %}"


def _read(name: str) -> str:
    return (DJANGO / name).read_text(encoding="utf-8")


def _as_option(text: str) -> str:
    """An option's template inlined in its widget's loop: `widget` is the loop's `option`."""
    assert "option." not in text
    return text.replace("widget.", "option.")


def _inlined_option(default_templates: tuple[str, ...], body: str) -> str:
    """The option written out when it uses one of Django's templates, else included."""
    test = " or ".join(
        f'option.template_name == "django/forms/widgets/{t}"' for t in default_templates
    )
    return f"{{% if {test} %}}{_as_option(body)}{{% else %}}{INCLUDE_OPTION}{{% endif %}}"


def copies() -> dict[str, str]:
    """Each copied template's path under django/forms/ and its text."""
    attrs = _read("widgets/attrs.html")
    form_attrs = _read("attrs.html")
    assert not attrs.endswith("\n") and not form_attrs.endswith("\n")
    input_html = _read("widgets/input.html").replace(INCLUDE_ATTRS, attrs)
    texts = {"widgets/input.html": input_html}
    for path in sorted((DJANGO / "widgets").glob("*.html")):
        if path.read_text(encoding="utf-8") == INCLUDE_INPUT + "\n":  # text.html, number.html…
            texts[f"widgets/{path.name}"] = input_html + "\n"
    input_option = _read("widgets/input_option.html").replace(INCLUDE_INPUT, input_html)
    texts["widgets/input_option.html"] = input_option
    for name in ("radio_option.html", "checkbox_option.html"):
        assert _read(f"widgets/{name}") == INCLUDE_INPUT_OPTION + "\n", name
        texts[f"widgets/{name}"] = input_option + "\n"
    select_option = _read("widgets/select_option.html").replace(INCLUDE_ATTRS, attrs)
    texts["widgets/select_option.html"] = select_option
    for name, defaults, option in (
        ("select.html", ("select_option.html",), select_option),
        ("multiple_input.html", ("radio_option.html", "checkbox_option.html"), input_option + "\n"),
    ):
        text = _read(f"widgets/{name}")
        assert text.count(INCLUDE_OPTION) == 1, name
        texts[f"widgets/{name}"] = text.replace(INCLUDE_ATTRS, attrs).replace(
            INCLUDE_OPTION, _inlined_option(defaults, option)
        )
    texts["widgets/textarea.html"] = _read("widgets/textarea.html").replace(INCLUDE_ATTRS, attrs)
    texts["label.html"] = _read("label.html").replace(INCLUDE_FORM_ATTRS, form_attrs)
    for kind in ("list", "dict"):  # rendered for every field, its errors empty or not
        include = f'{{% include "django/forms/errors/{kind}/ul.html" %}}'
        assert _read(f"errors/{kind}/default.html").strip() == include, kind
        texts[f"errors/{kind}/default.html"] = _read(f"errors/{kind}/default.html").replace(
            include, _read(f"errors/{kind}/ul.html")
        )
    for name, text in texts.items():
        assert INCLUDE_ATTRS not in text and INCLUDE_INPUT not in text, name
    return texts


def main() -> int:
    check = "--check" in sys.argv[1:]
    wanted = copies()
    written = {p.relative_to(COPIES).as_posix() for p in COPIES.rglob("*.html")}
    stale = sorted(written - set(wanted))
    differ = [
        n
        for n, t in wanted.items()
        if not (COPIES / n).is_file() or (COPIES / n).read_text(encoding="utf-8") != t
    ]
    if check:
        for name in stale + differ:
            print(f"form template copy out of date: {name} (run scripts/form_templates.py)")
        return 1 if stale or differ else 0
    for name in stale:
        (COPIES / name).unlink()
    for name in differ:
        (COPIES / name).parent.mkdir(parents=True, exist_ok=True)
        (COPIES / name).write_text(wanted[name], encoding="utf-8")
    print(f"{len(wanted)} form templates in {COPIES}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
