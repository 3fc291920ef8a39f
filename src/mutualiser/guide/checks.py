from __future__ import annotations

from django.core.checks import Error, register

from .content import ContentError, load_guides


@register()
def guide_content_check(app_configs, **kwargs) -> list[Error]:
    """`manage.py check` reports a malformed chapter before a reader meets a 500."""
    try:
        load_guides()
    except ContentError as error:
        return [Error(str(error), id="guide.E001")]
    return []
