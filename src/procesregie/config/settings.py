"""Settings for Procesregie: one module, driven by environment variables.

Every variable is documented in `.env.example` at the repository root. Defaults are safe for a laptop
(embedded SQLite, loopback only); production sets `PROCESREGIE_ENV=production`.
"""

import os
from pathlib import Path

import dj_database_url

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
DEBUG = _env_bool("DJANGO_DEBUG", not PRODUCTION)
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
    "procesregie.core",
    "procesregie.accounts",
    "procesregie.access",
    "procesregie.audit",
    "procesregie.reference",
    "procesregie.subjects",
    "procesregie.casework",
    "procesregie.meetings",
    "procesregie.plans",
    "procesregie.monitoring",
    "procesregie.interchange",
    "procesregie.reporting",
    "procesregie.synthetic",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "procesregie.config.urls"
WSGI_APPLICATION = "procesregie.config.wsgi.application"

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
            ],
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
    # WAL lets readers work during an import; IMMEDIATE avoids lock upgrades failing under load.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# Dutch for users. English becomes selectable (LocaleMiddleware) once its message catalogue exists.
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
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

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
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
}
