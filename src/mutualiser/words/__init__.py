"""Words and numbers: the one path from an id or a figure to what a reader sees.

The bottom of the house: every app (and the engine) may use it; it uses none of them.
`formats`, `catalogue` and `reasons` import no Django, so the engine and its command line
share them; `language`, `forms` and the template tags are the Django side.
"""
