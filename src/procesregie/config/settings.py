"""Settings for Procesregie: one module, driven by environment variables.

Every variable is documented in `.env.example` at the repository root. Defaults are safe for a laptop
(embedded SQLite, loopback only); production sets `PROCESREGIE_ENV=production`.
"""

import os
import tempfile
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent  # src/procesregie
PROJECT_DIR = BASE_DIR.parent.parent  # repository root (for var/ and node_modules/)


def _env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in _env(name, default).split(",") if item.strip()]


ENVIRONMENT = _env("PROCESREGIE_ENV", "development")
PRODUCTION = ENVIRONMENT == "production"
# A demo installation (`make demo`, the test suite, `procesregie demo-…`): the synthetic-data app with the demo
# commands is installed, and pages are served as in production (no debug pages). Never in production.
DEMO = _env_bool("PROCESREGIE_DEMO", False) and not PRODUCTION
DEBUG = _env_bool("DJANGO_DEBUG", not PRODUCTION and not DEMO)
VAR_DIR = Path(_env("PROCESREGIE_VAR_DIR", str(PROJECT_DIR / "var")))

SECRET_KEY = _env("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if PRODUCTION:
        raise RuntimeError("DJANGO_SECRET_KEY must be set when PROCESREGIE_ENV=production")
    SECRET_KEY = "insecure-development-key-never-use-in-production"  # noqa: S105

ALLOWED_HOSTS = _env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    # REST framework itself is not an installed app: its Dutch catalogue would outrank Django's for the forms'
    # shared messages ("Dit veld is vereist" for "verplicht"); the API needs no template or model of it.
    "drf_spectacular",
    "drf_spectacular_sidecar",  # the API reference page's scripts, from our own static files (no CDN)
    "oauth2_provider",
    "procesregie.core",
    "procesregie.accounts",
    "procesregie.access",
    "procesregie.audit",
    "procesregie.reference",
    "procesregie.invitations",
    "procesregie.subjects",
    "procesregie.casework",
    "procesregie.meetings",
    "procesregie.plans",
    "procesregie.monitoring",
    "procesregie.signals",
    "procesregie.escalations",
    "procesregie.retention",
    "procesregie.interchange",
    "procesregie.reporting",
    "procesregie.privacy",
    "procesregie.casepage",
    "procesregie.worklists",
    "procesregie.reminders",
    "procesregie.api",
]
if DEMO:
    INSTALLED_APPS.append("procesregie.synthetic")  # demo datasets and demo logins; absent from production

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Request id and client IP for the access log; a 503 without personal data when the log is unavailable.
    "procesregie.audit.middleware.RequestContextMiddleware",
    "csp.middleware.CSPMiddleware",
    # Cache-Control: no-store for logged-in users and for responses that set the session or CSRF cookie;
    # Vary: HX-Request everywhere (core/cache_headers.py). Before SessionMiddleware: it must see those cookies.
    "procesregie.core.cache_headers.NoStoreMiddleware",
    "procesregie.core.cache_headers.VaryOnHtmxMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Dutch, or the language chosen with the switch in the header (a cookie; not the browser's preference).
    "procesregie.accounts.language.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",  # sets request.user.is_verified() (second factor passed)
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",  # request.htmx: whether a request came from htmx
    # Ends sessions idle or older than the limits below, then sends everyone not fully logged in to the login.
    "procesregie.accounts.middleware.SessionTimeoutMiddleware",
    "procesregie.accounts.middleware.RequireVerifiedLoginMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires: turns a locked-out login attempt into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "procesregie.config.urls"
WSGI_APPLICATION = "procesregie.config.wsgi.application"

# Forms render through Django's renderer, with the project's faster copy of the select widget (core.form_rendering).
FORM_RENDERER = "procesregie.core.form_rendering.FormRenderer"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "procesregie.worklists.navigation.main_menu",
            ],
            # Django's `date` filter and `url` tag with their results kept (core/templatetags/dates.py, links.py):
            # the same output, without formatting the same date or walking the URLconf again.
            "builtins": ["procesregie.core.templatetags.dates", "procesregie.core.templatetags.links"],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        _env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'procesregie.sqlite3'}"),
        conn_max_age=int(_env("DATABASE_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite has one writer at a time, and every logged read writes (docs/decisions/0006). WAL lets readers
    # work while somebody writes; IMMEDIATE takes the write lock at BEGIN, so a transaction never has to
    # upgrade a read lock (which fails at once with "database is locked" when another writer came first);
    # `timeout`: wait up to 20 s for the write lock (the default is 5 s) before failing closed.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # The test database is a file (one per test run), not SQLite's shared in-memory database: a live test
    # server then gives each of its request threads its own connection, as a real server does.
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(tempfile.gettempdir()) / f"procesregie-test-{os.getpid()}.sqlite3")
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and _env_bool("DATABASE_PREPARED_STATEMENTS", True):
    # Parameters bound by the server, and prepared statements: a statement that ran 5 times on a connection is no
    # longer parsed and planned each time (planning the case page's joins took PostgreSQL longer than running
    # them; docs/decisions/0009). Turn off behind a pooler that cannot keep prepared statements per client.
    DATABASES["default"]["OPTIONS"] = {
        **DATABASES["default"].get("OPTIONS", {}), "server_side_binding": True, "prepare_threshold": 5,
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# Dutch for users; English on request (the switch in the header, accounts/language.py). The catalogue is
# src/procesregie/locale/en/; `make messages` updates it from the source and compiles it.
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["procesregie.config.formats"]  # English dates day-first (config/formats/en/)
LANGUAGE_COOKIE_NAME = "procesregie_language"
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise serves from here after `collectstatic`
# Front-end packages pinned in package.json, installed by `npm ci`, served under a short prefix each.
NODE_MODULES = PROJECT_DIR / "node_modules"
STATICFILES_DIRS = [
    (prefix, NODE_MODULES / subdir)
    for prefix, subdir in [
        ("vendor/utrecht", "@utrecht/component-library-css/dist"),
        ("vendor/utrecht-tokens", "@utrecht/design-tokens/dist"),
        ("vendor/htmx", "htmx.org/dist"),
    ]
    if (NODE_MODULES / subdir).exists()
]

# Interchange: bound on one CSV cell (characters) and on the number of errors printed in full.
INTERCHANGE_MAX_CELL = int(_env("PROCESREGIE_INTERCHANGE_MAX_CELL", "10000"))

# Report files built in the background (reporting/builds.py): how long a download request waits for its file
# before it shows the progress page instead.
REPORT_BUILD_WAIT_SECONDS = float(_env("PROCESREGIE_REPORT_BUILD_WAIT_SECONDS", "1.5"))

# The house's publication threshold: figures the house publishes without a person asking for a threshold (the
# partner API's annual and outcomes reports, /api/v1/reports/) show every count 0 < c < N as "<N" and hide, as
# "afg.", whatever would let a reader recompute one (decisions 0021, 0023). 2 to 100, as on the report pages.
PUBLICATION_THRESHOLD = int(_env("PROCESREGIE_PUBLICATION_THRESHOLD", "5"))
if not 2 <= PUBLICATION_THRESHOLD <= 100:
    raise RuntimeError("PROCESREGIE_PUBLICATION_THRESHOLD must be a whole number from 2 to 100")

# Days after its end date within which a closed case can be reopened (casework.lifecycle, docs/decisions/0010);
# after that a new registration of the same subject links to it.
CASE_REOPEN_DAYS = int(_env("PROCESREGIE_CASE_REOPEN_DAYS", "90"))

# --- Authentication -------------------------------------------------------------------------------
# Login is username + password, then a second factor for everyone (TOTP app or a one-time recovery
# code). Until the second factor is passed, RequireVerifiedLoginMiddleware lets a request reach only
# the login pages. See procesregie/accounts/ and docs in its module docstrings.
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "casework:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Argon2id first: new passwords are hashed with it; older hashes are upgraded at the next login.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
    # Last, so never a person's: the API clients' generated secrets (api/secret_hashing.py, CLIENT_SECRET_HASHER).
    "procesregie.api.secret_hashing.GeneratedSecretHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "procesregie.accounts.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},  # Dutch message
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# django-axes refuses a login first (before the password is even checked) when the combination of
# username and client address has failed too often; the ModelBackend then checks the password, and
# runs the hasher for an unknown username too, so an unknown user and a wrong password look alike.
# Ours is Django's ModelBackend that loads a session's user with their organisation in one query.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "procesregie.accounts.backends.UserBackend",
]
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Wrong passwords and wrong second-factor codes count together, per username + address.
AXES_FAILURE_LIMIT = int(_env("PROCESREGIE_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(_env("PROCESREGIE_LOCKOUT_MINUTES", "15")))
# Not on the password step: only a completed login (password + code) clears the count (accounts/lockout.py).
AXES_RESET_ON_SUCCESS = False
AXES_LOCKOUT_CALLABLE = "procesregie.accounts.lockout.lockout_page"  # Dutch page, status 429
AXES_CLIENT_IP_CALLABLE = "procesregie.accounts.addresses.client_ip"
# Never store a password, a one-time code or a username in the attempt records' request data.
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "otp_token"]
# Number of reverse proxies (load balancer, TLS terminator) in front of the app that append the
# client address to X-Forwarded-For. 0: use the socket address (REMOTE_ADDR).
PROCESREGIE_TRUSTED_PROXIES = int(_env("PROCESREGIE_TRUSTED_PROXIES", "0"))

# Name shown in the authenticator app next to the username.
OTP_TOTP_ISSUER = _env("PROCESREGIE_TOTP_ISSUER", "Procesregie")

# Sessions end after PROCESREGIE_IDLE_TIMEOUT_MINUTES without a request, when the browser closes, and
# in any case PROCESREGIE_SESSION_MAX_HOURS after the login (accounts/middleware.py).
IDLE_TIMEOUT = timedelta(minutes=int(_env("PROCESREGIE_IDLE_TIMEOUT_MINUTES", "15")))
SESSION_MAX_AGE = timedelta(hours=int(_env("PROCESREGIE_SESSION_MAX_HOURS", "10")))
SESSION_COOKIE_AGE = int(IDLE_TIMEOUT.total_seconds())
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_FAILURE_VIEW = "procesregie.accounts.views.csrf_failure"
# Hours an invitation link (set a password and the authenticator app of an account) stays valid.
INVITATION_VALID_HOURS = int(_env("PROCESREGIE_INVITATION_VALID_HOURS", "72"))

# --- The partner API (procesregie.api, docs/decisions/0024) ------------------------------------------------------
# Partner systems authenticate with OAuth2 client credentials (django-oauth-toolkit): the functional administrator
# registers a client for an organisation with scopes; its secret is shown once and stored hashed. A browser session
# never authenticates the API. Tokens live PROCESREGIE_API_TOKEN_MINUTES; revoking a client ends them at once.
OAUTH2_PROVIDER = {
    "ACCESS_TOKEN_EXPIRE_SECONDS": 60 * int(_env("PROCESREGIE_API_TOKEN_MINUTES", "10")),
    "SCOPES": {
        "registrations:write": "Aanmeldingen doen",
        "registrations:read": "Status van eigen aanmeldingen lezen",
        "hitnohit": "Hit/no-hit-bevraging",
        "reports:read": "Cijfers (jaarverslag en resultaten) lezen",
    },
    # (The token endpoint itself answers only the client-credentials grant: api/token.py.)
    "OAUTH2_VALIDATOR_CLASS": "procesregie.api.authentication.ClientValidator",
    # Generated secrets need no slow hash; Argon2 made every token request cost 450 ms (api/secret_hashing.py).
    "CLIENT_SECRET_HASHER": "sha256_generated_secret",
    # RFC 9700 (OAuth 2.0 Security BCP), as django-oauth-toolkit 4.0 will default to and `check --deploy` asks: tokens
    # stored only as their hash, never taken from a URL, no implicit or password grant; the rules for redirects, PKCE
    # and refresh tokens do not apply to client credentials, and are strict should they ever.
    **{f"COMPLIANT_BCP_RFC9700_{gate}": True for gate in (
        "IMPLICIT_GRANT", "PASSWORD_GRANT", "PKCE_METHOD", "ACCESS_TOKEN_TRANSPORT", "AUTHZ_RESPONSE_ISS",
        "TOKEN_STORAGE", "REFRESH_TOKEN", "REDIRECT_URI_SCHEME", "REDIRECT_URI_MATCHING", "PKCE_REQUIRED",
    )},
    "REFRESH_TOKEN_REUSE_PROTECTION": True,
    "ALLOWED_REDIRECT_URI_SCHEMES": ["https"],
    "PKCE_REQUIRED": True,
}
# django-oauth-toolkit's own models (named here because our ApiClient refers to its Application).
OAUTH2_PROVIDER_APPLICATION_MODEL = "oauth2_provider.Application"
OAUTH2_PROVIDER_ACCESS_TOKEN_MODEL = "oauth2_provider.AccessToken"
OAUTH2_PROVIDER_REFRESH_TOKEN_MODEL = "oauth2_provider.RefreshToken"
OAUTH2_PROVIDER_ID_TOKEN_MODEL = "oauth2_provider.IDToken"
OAUTH2_PROVIDER_GRANT_MODEL = "oauth2_provider.Grant"
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["procesregie.api.authentication.ClientTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["procesregie.api.permissions.HasScope"],
    "DEFAULT_THROTTLE_CLASSES": ["procesregie.api.throttling.ClientRateThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["procesregie.api.parsers.JsonParser"],  # JSON; too deeply nested: a 400
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "procesregie.api.pagination.PageNumbers",
    "EXCEPTION_HANDLER": "procesregie.api.problems.problem_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Procesregie API",
    "DESCRIPTION": "De koppeling voor partnersystemen: aanmeldingen, hun status, hit/no-hit en cijfers zonder "
                   "persoonsgegevens. Authenticatie met OAuth2 client credentials (POST /api/v1/token/).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # drf-spectacular's enum hook, then ours: problem responses are application/problem+json (api/schema.py)
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums",
                             "procesregie.api.schema.problem_media_type"],
}
# The house's contact point in every hit/no-hit answer (api/hitnohit), hit or not: whom a partner calls after a hit.
PROCESREGIE_CONTACT_NAME = _env("PROCESREGIE_CONTACT_NAME", "Zorg- en Veiligheidshuis (synthetisch)")
PROCESREGIE_CONTACT_PHONE = _env("PROCESREGIE_CONTACT_PHONE", "030 000 0000")
PROCESREGIE_CONTACT_EMAIL = _env("PROCESREGIE_CONTACT_EMAIL", "contact@zvh.example.org")

# --- E-mail ------------------------------------------------------------------------------------------
# Through Django's mail settings: the console backend (mail printed on standard output) unless the
# environment says otherwise; production sends through SMTP with the EMAIL_* variables. Tests use the
# in-memory backend (Django's test set-up).
EMAIL_BACKEND = _env(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if PRODUCTION else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = _env("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(_env("DJANGO_EMAIL_PORT", "587"))
EMAIL_HOST_USER = _env("DJANGO_EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = _env("DJANGO_EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = _env_bool("DJANGO_EMAIL_USE_TLS", True)
EMAIL_USE_SSL = _env_bool("DJANGO_EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = int(_env("DJANGO_EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = _env("DJANGO_DEFAULT_FROM_EMAIL", "Procesregie <procesregie@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The address of the installation as users reach it (https://procesregie.example.nl), for links in e-mail.
# Empty: a link sent from a page is built from that request's host (one of DJANGO_ALLOWED_HOSTS).
SITE_URL = _env("PROCESREGIE_SITE_URL").rstrip("/")
# Reminders (`procesregie reminders send`): a case in regie without a measurement for this many months is a reminder
# to its procesregisseur.
REMINDER_MEASUREMENT_MONTHS = int(_env("PROCESREGIE_REMINDER_MEASUREMENT_MONTHS", "3"))

# --- Browser security --------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# No inline script or style anywhere: templates load CSS and JavaScript from static files only.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [NONE],
    }
}
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # __Host- cookies are only accepted over https, for this exact host, path /: no sibling subdomain can set them.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    LANGUAGE_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = _env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(_env("DJANGO_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": _env("PROCESREGIE_LOG_LEVEL", "WARNING")},
    # oauthlib logs every access token it issues at DEBUG: never below INFO, whatever PROCESREGIE_LOG_LEVEL says.
    "loggers": {"oauthlib": {"level": "INFO"}},
}
