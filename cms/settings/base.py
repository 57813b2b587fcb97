"""Settings shared by every environment.

Configuration comes from environment variables with an embedded default, so
the project runs with no services: SQLite when ``DATABASE_URL`` is unset,
local-memory cache when ``REDIS_URL`` is unset.
"""

import os
from pathlib import Path

import dj_database_url
from corsheaders.defaults import default_headers as cors_default_headers
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")

INSTALLED_APPS = [
    "cms",
    "cms.changes",
    # Before cms.delivery, which replaces its publish-time purge handlers.
    "wagtail.contrib.frontend_cache",
    "cms.delivery",
    # Before django_tasks_db: its db_worker command is extended here.
    "cms.webhooks",
    "cms.keys",
    "cms.search",
    "treatment_pages",
    "locations",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.simple_translation",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.locales",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "modelcluster",
    "taggit",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks_db",
    "phonenumber_field",
    "corsheaders",
    "csp",
    "axes",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    # API keys and rate limits: before the response cache, so they apply to its hits too.
    "cms.keys.middleware.ApiKeyMiddleware",
    # Then the cache: a cached response carries every header the others add, and a hit skips them.
    "cms.delivery.caching.ResponseCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "cms.security.ScopedCSPMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language comes from the URL prefix alone, so no response varies by Accept-Language.
    "cms.i18n.PathLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "cms.publishing.AdminChangesMiddleware",
    # Last, as django-axes requires: it turns a lockout into the 429 response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cms.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "cms.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"].get("ENGINE") == "django.db.backends.postgresql":
    # Parameters bound by the server let PostgreSQL keep a query's plan: a
    # query run more than DB_PREPARE_THRESHOLD times on a connection is
    # prepared, so later runs skip parsing and, once PostgreSQL settles on a
    # generic plan, planning (the joins of a page and its master plan for
    # longer than they run). "off" turns it off, for a pooler that cannot
    # keep prepared statements (see docs/deploy.md, "PostgreSQL").
    _prepare = os.environ.get("DB_PREPARE_THRESHOLD", "").strip().lower() or "5"
    if _prepare != "off" and not _prepare.isdigit():
        raise ImproperlyConfigured(
            f"DB_PREPARE_THRESHOLD must be a whole number of runs or 'off', not {_prepare!r}."
        )
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        server_side_binding=True,
        prepare_threshold=int(_prepare) if _prepare.isdigit() else None,
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "cms.delivery.redis_cache.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            # An unreachable Redis must not hold requests up: they are then
            # served from the database (cms.delivery.redis_cache).
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# A CDN or reverse proxy in front gets the same purges as the shared cache
# (cms.delivery.invalidation): set FRONTEND_CACHE_PURGE_URL (comma-separated
# for several) for Varnish running deploy/varnish.vcl, which also bans by the
# responses' dependency keys (cms.delivery.proxy); or CLOUDFLARE_ZONE_ID +
# CLOUDFLARE_BEARER_TOKEN, which purges URLs.
WAGTAILFRONTENDCACHE = {}
CMS_CACHE = {}
for number, location in enumerate(
    filter(
        None, (url.strip() for url in os.environ.get("FRONTEND_CACHE_PURGE_URL", "").split(","))
    ),
    start=1,
):
    WAGTAILFRONTENDCACHE[f"proxy-{number}"] = {
        "BACKEND": "cms.delivery.proxy.VarnishBackend",
        "LOCATION": location,
    }
    CMS_CACHE["SURROGATE_KEYS"] = True
if os.environ.get("CLOUDFLARE_ZONE_ID"):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "ZONEID": os.environ["CLOUDFLARE_ZONE_ID"],
        "BEARER_TOKEN": os.environ.get("CLOUDFLARE_BEARER_TOKEN", ""),
    }

# Background tasks (django-tasks). Wagtail's own tasks (reference index,
# image focal points, file clean-up) run in-process, as they always have:
# the change log reads the reference index in the publishing request.
# Webhook deliveries always go through a persistent queue in the database
# (django-tasks-db): they are written in the publishing transaction and
# retried for a day, so they need `manage.py db_worker` (`make worker`).
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "webhooks": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["webhooks"]},
}
# Webhook timeouts, lease and retry schedule: CMS_WEBHOOKS, defaults in
# cms/webhooks/conf.py.

AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a locked-out username + address before
    # the password is even checked, so the right password does not unlock it.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-ca"
TIME_ZONE = "America/Edmonton"
USE_I18N = True
# English (Canada) first: the default locale, served without a URL prefix;
# French (Canada) under /fr-ca/. Sites narrow this down in their settings.
LANGUAGES = WAGTAIL_CONTENT_LANGUAGES = [("en-ca", "English"), ("fr-ca", "Français")]
WAGTAIL_I18N_ENABLED = True
LOCALE_PATHS = [BASE_DIR / "cms" / "locale"]
FORMAT_MODULE_PATH = ["cms.formats"]
TREATMENT_PAGES = {"SITE_LANGUAGES": "cms.i18n.site_languages"}
# Translating a page copies it into the other locale's tree, creating the
# parents it needs; editors then translate it in the usual editor.
WAGTAILSIMPLETRANSLATION_SYNC_PAGE_TREE = False
USE_TZ = True

STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static"))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

WAGTAIL_SITE_NAME = "Clinic CMS"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# Wagtail's database search, with each page indexed and queried in its own
# language on PostgreSQL (docs/localization.md, "Search").
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "cms.search.backend"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
# Rich text leaves the API as display HTML, never Wagtail's internal markup.
WAGTAILAPI_RICH_TEXT_FORMAT = "html"
WAGTAILAPI_LIMIT_MAX = 100

PHONENUMBER_DEFAULT_REGION = "CA"
PHONENUMBER_DB_FORMAT = "E164"
PHONENUMBER_DEFAULT_FORMAT = "NATIONAL"

REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "EXCEPTION_HANDLER": "cms.api_errors.exception_handler",
    "UNAUTHENTICATED_USER": None,
    # drf-spectacular, taught Wagtail's API viewsets (docs/api.md, "OpenAPI").
    "DEFAULT_SCHEMA_CLASS": "treatment_pages.openapi.inspector.WagtailAPISchema",
}

# Header an API key is sent in, for the endpoints that take one (docs/api.md, "OpenAPI").
API_KEY_HEADER = "X-API-Key"

# The OpenAPI document at /api/schema/ and its docs page at /api/docs/ (cms/openapi.py).
SPECTACULAR_SETTINGS = {
    "TITLE": "Clinic CMS API",
    "DESCRIPTION": (
        "Treatment explainers, shared risk lists and clinics, as JSON. Read-only; every "
        "error is `{message, status}`. Pages are those of the site named by the Host "
        "header or `?site=`. Reference: docs/api.md."
    ),
    "VERSION": "2",
    "OAS_VERSION": "3.0.3",
    # The schema and docs pages describe the API, not themselves.
    "SERVE_INCLUDE_SCHEMA": False,
    "PREPROCESSING_HOOKS": ["cms.openapi.only_api_endpoints"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "cms.openapi.rate_limits",
    ],
    # Declared for every endpoint that takes a key to name: extend_schema(auth=...).
    "APPEND_COMPONENTS": {
        "securitySchemes": {
            "ApiKey": {
                "type": "apiKey",
                "in": "header",
                "name": API_KEY_HEADER,
                "description": "An API key issued in the admin, for the endpoints that need one.",
            }
        }
    },
    # Parameters in the order the inspector gives them: the common ones, then field filters.
    "SORT_OPERATION_PARAMETERS": False,
    # The API is public: DRF's default session and basic authentication are not a way
    # in that the document should advertise. An endpoint that takes an API key adds
    # its authentication class here (docs/api.md, "OpenAPI").
    "AUTHENTICATION_WHITELIST": [],
    "ENUM_NAME_OVERRIDES": {
        "EvidenceSourceTypeEnum": "treatment_pages.models.governance.SourceType",
    },
    # Swagger UI and its assets are served from this site (drf-spectacular-sidecar),
    # never from a CDN, and it asks no outside validator about the schema.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None, "tryItOutEnabled": True},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# --- Security headers, CORS and login throttling (docs/deploy.md) ---

# Content security policy (django-csp). The public pages load only their own
# static files and images, and use no inline script or style; the one inline
# <style> is templates/500.html's, allowed by its hash (a test recomputes it).
# Media served from object storage or a CDN adds its origin with CSP_IMG_SRC.
_SELF, _NONE = "'self'", "'none'"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [_SELF],
        "script-src": [_SELF],
        "style-src": [_SELF, "'sha256-e8CIOQJJWzpKYwKNYxohHUs+BOc/3ATmR8xF1ceYHKc='"],
        "img-src": [_SELF, "data:", *env_list("CSP_IMG_SRC")],
        "font-src": [_SELF],
        "connect-src": [_SELF],
        "object-src": [_NONE],
        "base-uri": [_SELF],
        "form-action": [_SELF],
        # 'self', not 'none': the admin's preview panel frames the page, and
        # Wagtail renders previews through the middleware with the page's path.
        "frame-ancestors": [_SELF],
    }
}
# Wagtail's admin needs inline scripts and styles, data:/blob: images while
# uploading, and frames for previews and embeds; cms.security.ScopedCSPMiddleware
# sends this policy under the admin's URL instead of the public one.
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [_SELF],
        "script-src": [_SELF, "'unsafe-inline'"],
        "style-src": [_SELF, "'unsafe-inline'"],
        "img-src": [_SELF, "data:", "blob:", *env_list("CSP_IMG_SRC")],
        "font-src": [_SELF, "data:"],
        "connect-src": [_SELF],
        "frame-src": [_SELF, "https:"],
        "media-src": [_SELF, *env_list("CSP_IMG_SRC")],
        "object-src": [_NONE],
        "base-uri": [_SELF],
        "form-action": [_SELF],
        "frame-ancestors": [_SELF],
    }
}
# The admin calls no third party: avatars would send a hash of each editor's
# address to Gravatar, and upgrades follow the pins in requirements.txt.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False

# CORS (django-cors-headers), for the API only: each site's public front end
# (Settings > Public front end, via cms.security.cors_allow_frontends) plus
# CORS_ALLOWED_ORIGINS for other consumers. Read-only and without cookies.
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS")
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False
CORS_PREFLIGHT_MAX_AGE = 60 * 60
# Browser front ends may send an API key and read where they stand with the rate limit.
CORS_ALLOW_HEADERS = (*cors_default_headers, "x-api-key")
CORS_EXPOSE_HEADERS = [
    "RateLimit-Limit",
    "RateLimit-Remaining",
    "RateLimit-Reset",
    "RateLimit-Policy",
    "Retry-After",
]

# API keys, rate limits and draft previews (cms.keys; docs/api.md). A limit of
# 0 turns that limit off.
CMS_KEYS = {
    "RATE_LIMIT": int(os.environ.get("API_RATE_LIMIT", "1200")),
    "ANONYMOUS_RATE_LIMIT": int(os.environ.get("API_ANONYMOUS_RATE_LIMIT", "300")),
    "RATE_LIMIT_WINDOW": 60,
    "PREVIEW_MAX_AGE": int(os.environ.get("PREVIEW_MAX_AGE", str(60 * 60))),
}

# Admin login throttling (django-axes): after AXES_FAILURE_LIMIT failures for
# one username from one address, that pair is refused (429) for the cool-off
# time, whatever the password; a successful login resets the count.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "1"))
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "cms.security.client_ip"
# Reverse proxies in front of the app (CDN, load balancer) whose
# X-Forwarded-For entries are trusted; 0 means use REMOTE_ADDR.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
