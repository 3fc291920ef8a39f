from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from mutualiser.core import views as core_views

handler404 = "mutualiser.core.views.page_not_found"
handler500 = "mutualiser.core.views.server_error"

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include("mutualiser.api.urls")),
]

urlpatterns += i18n_patterns(
    path("", core_views.home, name="home"),
    path("accounts/tokens/", include("mutualiser.api.token_urls")),
    path("accounts/", include("allauth.urls")),
    path("organisations/", include("mutualiser.organisations.urls")),
    path("guide/", include("mutualiser.guide.urls")),
    path("readiness/", include("mutualiser.readiness.urls")),
    path("diagnostic/", include("mutualiser.diagnostic.urls")),
    path("opportunities/", include("mutualiser.partners.urls")),
    path("requests/", include("mutualiser.contacts.urls")),
    path("projects/", include("mutualiser.projects.urls")),
    path("workshops/", include("mutualiser.workshops.urls")),
    path("join/", include("mutualiser.workshops.join_urls")),
    path("privacy/", include("mutualiser.privacy.urls")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    prefix_default_language=True,
)
