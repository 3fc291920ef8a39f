"""The account's API page: the member's personal access tokens, made and revoked."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from . import services
from .forms import TokenForm
from .selectors import get_token_for_owner, token_list

PAGE = "api/tokens.html"


def _page(request: HttpRequest, form: TokenForm, new_token=None, status: int = 200):
    context = {
        "form": form,
        "tokens": token_list(request.user),
        "new_token": new_token,
        "max_tokens": services.MAX_ACTIVE_TOKENS,
    }
    return render(request, PAGE, context, status=status)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def tokens(request: HttpRequest) -> HttpResponse:
    """The list and the form; after a POST, the new token once, in this answer only.

    The token is never put in the session nor in a redirect: reloading the page does not show
    it again (the browser asks to send the form again, which makes another token).
    """
    if request.method == "GET":
        return _page(request, TokenForm())
    form = TokenForm(request.POST)
    if form.is_valid():
        try:
            new = services.token_create(
                user=request.user,
                name=form.cleaned_data["name"],
                scope=form.cleaned_data["scope"],
            )
        except ValidationError as refused:
            form.add_error(None, refused)
        else:
            return _page(request, TokenForm(), new_token=new)
    return _page(request, form)


@login_required
@require_POST
def revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = get_token_for_owner(request.user, token_id)
    services.token_revoke(token=token)
    messages.success(request, _("Le jeton « %(name)s » est révoqué.") % {"name": token.name})
    return redirect("api-tokens:list")
