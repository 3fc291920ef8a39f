from .middleware import get_current_membership, get_memberships


def current_organisation(request) -> dict:
    """The header's organisation switcher: the current one and the others."""
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    membership = get_current_membership(request)
    return {
        "current_membership": membership,
        "current_organisation": membership.organisation if membership else None,
        "user_memberships": get_memberships(request),
    }
