"""Django's makemessages, also extracting `pgettext_noop(context, msgid)` (words.catalogue)."""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=pgettext_noop:1c,2"]
