"""Django settings for Mutualiser, read from the environment.

Production is the default: with DEBUG off, HTTPS (redirect, secure cookies, HSTS) is on and
SECRET_KEY must be set (docs/deploy.md). Development says so with MUTUALISER_ENV=development
(`make` and the tests set it) or DEBUG=1: plain http on 127.0.0.1, a key generated under var/.
Either way the database is DATABASE_URL, else a SQLite file under var/.
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = Path(os.environ.get("MUTUALISER_HOME", PACKAGE_DIR.parent.parent)).resolve()
VAR_DIR = Path(os.environ.get("MUTUALISER_VAR", BASE_DIR / "var"))

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def envbool(name: str, default: bool = False) -> bool:
    """A boolean from the environment; refuses anything but the usual words."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    if raw.strip().lower() in TRUE_WORDS:
        return True
    if raw.strip().lower() in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {raw!r}")


def envint(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from error


def envlist(name: str, default: str) -> list[str]:
    return [part.strip() for part in os.environ.get(name, default).split(",") if part.strip()]


def _development_secret_key() -> str:
    """A random key kept under var/, so sessions survive restarts without any setting."""
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


ENVIRONMENTS = ("production", "development")
ENVIRONMENT = os.environ.get("MUTUALISER_ENV", "production").strip().lower() or "production"
if ENVIRONMENT not in ENVIRONMENTS:
    raise ImproperlyConfigured(
        f"MUTUALISER_ENV must be production or development, got {ENVIRONMENT!r}"
    )
DEBUG = envbool("DEBUG", False)
# Development: plain http on 127.0.0.1 and a generated key. Anything else is production.
DEVELOPMENT = DEBUG or ENVIRONMENT == "development"
SECRET_KEY = os.environ.get("SECRET_KEY", "").strip()
if not SECRET_KEY:
    if not DEVELOPMENT:
        # A generated key would change on every machine and silently log everyone out (and
        # break password-reset links) between web processes: refuse instead.
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Production refuses to start without it (docs/deploy.md). "
            "For development, set MUTUALISER_ENV=development (make does) or DEBUG=1."
        )
    SECRET_KEY = _development_secret_key()
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")
# Demo mode shows the demo login on the home page; `make run` turns it on.
DEMO_MODE = envbool("MUTUALISER_DEMO", False)
DEMO_EMAIL = "demo@mutualiser.example"
DEMO_PASSWORD = "demo-mutualiser"
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "csp",
    "django_htmx",
    "template_partials",
    "allauth",
    "allauth.account",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "ninja",  # its Swagger UI's static files: /api/docs loads nothing from a CDN
    "mutualiser.words",
    "mutualiser.core",
    "mutualiser.accounts",
    "mutualiser.organisations",
    "mutualiser.diagnostic",
    "mutualiser.guide",
    "mutualiser.readiness",
    "mutualiser.runs",
    "mutualiser.partners",
    "mutualiser.contacts",
    "mutualiser.projects",
    "mutualiser.workshops",
    "mutualiser.privacy",
    "mutualiser.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "mutualiser.core.security.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "mutualiser.accounts.middleware.RememberLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Last: turns a lockout noted during authentication into our lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "mutualiser.urls"
# Django's form templates with their per-option and per-input includes written out in place
# (core/form_renderer.py): the same HTML, rendered in a third of the time.
FORM_RENDERER = "mutualiser.core.form_renderer.FormRenderer"
WSGI_APPLICATION = "mutualiser.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "mutualiser.core.context_processors.site",
                "mutualiser.organisations.context_processors.current_organisation",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'mutualiser.sqlite3'}",
        conn_max_age=envint("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    # Concurrent writes from web processes, threads and the task worker wait instead of failing
    # with "database is locked": WAL lets readers go on while one writes; every transaction
    # takes the write lock when it begins (IMMEDIATE), so two never deadlock halfway through;
    # a writer waits up to `timeout` seconds for the lock.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # Tests on a file rather than in memory: threads then share the database and its locks
    # the way processes do in production (tests/test_sqlite_concurrency.py).
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test_mutualiser.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out account at its address before any password is checked.
    "mutualiser.accounts.lockout.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = os.environ.get("ACCOUNT_EMAIL_VERIFICATION", "mandatory")
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
# Failed logins: at most 5 a minute per address and IP (allauth's rate limits, kept in the cache).
ACCOUNT_RATE_LIMITS = {"login_failed": "5/m/ip,5/m/key"}
# Lockout after repeated failures, on the site's login and the admin's (django-axes): per
# account AND address, kept in the database so that every process sees it (docs/deploy.md).
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = timedelta(minutes=envint("AXES_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "mutualiser.accounts.lockout.username"
AXES_CLIENT_IP_CALLABLE = "mutualiser.accounts.lockout.client_ip"
AXES_LOCKOUT_CALLABLE = "mutualiser.accounts.lockout.lockout_response"
AXES_DISABLE_ACCESS_LOG = True  # keep failures only, not every successful login
# Trusted proxies in front of the site (X-Forwarded-For is read only with PROXY_COUNT > 0).
PROXY_COUNT = envint("PROXY_COUNT", 0)
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Mutualiser] "
# tell the member when the password or an address of the account changes (a hijack shows)
ACCOUNT_EMAIL_NOTIFICATIONS = True
# Our wording on allauth's error messages (« courriel », never « e-mail »).
ACCOUNT_ADAPTER = "mutualiser.accounts.adapter.AccountAdapter"
# Our wording (Québec French, no trailing colons) on allauth's forms.
ACCOUNT_FORMS = {
    "login": "mutualiser.accounts.forms.LoginForm",
    "signup": "mutualiser.accounts.forms.SignupForm",
    "reset_password": "mutualiser.accounts.forms.ResetPasswordForm",
    "add_email": "mutualiser.accounts.forms.AddEmailForm",
}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Mutualiser <noreply@mutualiser.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# The database's cache by default, shared by every process (allauth's rate limits live there);
# `make` and docs/deploy.md run createcachetable. CACHE_URL=locmem for one process only.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "mutualiser_cache",
    }
}
if os.environ.get("CACHE_URL", "").startswith("locmem"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# The JSON API (mutualiser.api): requests per minute per token (or per signed-in member), the
# largest body, and the bounds of one engine run through POST /api/v1/engine/solve.
API_RATE_LIMIT = envint("API_RATE_LIMIT", 120)
API_MAX_BODY_BYTES = envint("API_MAX_BODY_BYTES", 1024 * 1024)
API_ENGINE_MAX_BYTES = envint("API_ENGINE_MAX_BYTES", 512 * 1024)
API_ENGINE_MAX_ITEMS = envint("API_ENGINE_MAX_ITEMS", 1000)
API_ENGINE_TIME_LIMIT = envint("API_ENGINE_TIME_LIMIT", 10)
API_ENGINE_RATE_LIMIT = envint("API_ENGINE_RATE_LIMIT", 10)

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "America/Montreal"
USE_I18N = True
USE_TZ = True


# The directory's map draws a vendored outline of Canada and needs no network. Set a tile
# server's address (Leaflet's pattern, e.g. https://tiles.example.org/{z}/{x}/{y}.png) and its
# credit line to draw tiles under the markers as well.
def envurl(name: str) -> str:
    """An address (https://, http:// or a path on this site), or "" when unset."""
    raw = os.environ.get(name, "").strip()
    if raw and not raw.startswith(("https://", "http://", "/")):
        raise ImproperlyConfigured(f"{name} must start with https://, http:// or /, got {raw!r}")
    return raw


MAP_TILES_URL = envurl("MAP_TILES_URL")
MAP_TILES_ATTRIBUTION = os.environ.get("MAP_TILES_ATTRIBUTION", "").strip()

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]  # the site-wide CSS, images and vendored JS
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if envbool("STATIC_MANIFEST", False)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Production runs collectstatic and sets STATIC_MANIFEST=1 (hashed, compressed names) and
# WHITENOISE_USE_FINDERS=0. Without them (development, tests), files are served from the apps.
WHITENOISE_USE_FINDERS = envbool("WHITENOISE_USE_FINDERS", True)
WHITENOISE_AUTOREFRESH = DEBUG

TASKS = {"default": {"BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# HTTPS everywhere unless in development; each switch can still be turned off on its own
# (e.g. SECURE_SSL_REDIRECT=0 when the proxy already redirects).
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", not DEVELOPMENT)
# /healthz answers the load balancer over plain http inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", not DEVELOPMENT)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0 if DEVELOPMENT else 31_536_000)  # a year
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0 and envbool(
    "SECURE_HSTS_INCLUDE_SUBDOMAINS", True
)
# Preloading is a promise to browser vendors that is slow to undo: asked for, never assumed.
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"


def _origin(url: str) -> list[str]:
    """The origin of an absolute address, for the CSP ("" or a path: none needed).

    Leaflet's {s} (a, b, c subdomains) becomes a wildcard."""
    if not url.startswith(("https://", "http://")):
        return []
    parts = urlsplit(url.replace("{s}", "*"))
    return [f"{parts.scheme}://{parts.netloc}"]


# Content Security Policy (django-csp): our own files only, no inline script or style
# attribute, no eval. Bar lengths are classes (css/utilities.css), htmx's indicator style is
# ours (base.html turns off the one it injects), Leaflet styles through the CSSOM, which the
# policy allows. Pico's icons are data: SVG images. A tile server, when set, adds its origin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *_origin(MAP_TILES_URL)],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# Powerful browser features no page uses, refused to every frame and script
# (mutualiser.core.security). Only names Chromium knows: unknown ones log console errors.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
        "xr-spatial-tracking",
    )
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Uploads: the first handler stops reading a file past the import's limit (2 Mo).
FILE_UPLOAD_HANDLERS = [
    "mutualiser.diagnostic.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# Items in one organisation's inventory, at most (the form, the import and the services).
INVENTORY_MAX_ITEMS = envint("INVENTORY_MAX_ITEMS", 500)

# Invitations to join an organisation expire after this many days.
INVITATION_DAYS = envint("INVITATION_DAYS", 14)

# The person in charge of the protection of personal information (Québec's Law 25, art. 3.1):
# named on the privacy page, where members ask for access, correction or deletion. By default
# the site's operator; docs/privacy.md.
PRIVACY_OFFICER_NAME = os.environ.get("PRIVACY_OFFICER_NAME", "").strip()
PRIVACY_OFFICER_EMAIL = os.environ.get("PRIVACY_OFFICER_EMAIL", "").strip() or (
    "vie-privee@mutualiser.example"
)
