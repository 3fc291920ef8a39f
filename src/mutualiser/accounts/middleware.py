"""Remember the language a signed-in member reads the site in (User.language)."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from mutualiser.words.formats import language_code


class RememberLanguageMiddleware:
    """After LocaleMiddleware and authentication: one UPDATE when the member switches language.

    Emails to a member that no request of theirs triggers (an inviter's notice, a reminder)
    are then written in the language they use, not in the sender's.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        # Only the pages under /fr/ or /en/ say which language the member chose; the admin
        # and the API follow the browser's.
        language = translation.get_language_from_path(request.path_info)
        if language:
            language = language_code(language)
        if language and user is not None and user.is_authenticated and user.language != language:
            get_user_model().objects.filter(pk=user.pk).update(language=language)
            user.language = language
        return self.get_response(request)
