"""Settings for Scrum App, read from the environment.

Production is these same settings with DEBUG off; there is no second code path.
"""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from ops.jsonlog import stdout_logging
from scrum_app.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", default=False)

_INSECURE_KEY_PREFIX = "insecure-dev-only-"
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set SECRET_KEY to a long random string, or DEBUG=1 for local work."
        )
    SECRET_KEY = _INSECURE_KEY_PREFIX + "x" * 50
elif not DEBUG and (SECRET_KEY.startswith(_INSECURE_KEY_PREFIX) or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured("SECRET_KEY must be at least 50 random characters in production.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# Addresses of the reverse proxy (nginx) whose X-Real-IP header names the client; empty: trust no header.
TRUSTED_PROXY_IPS = env_list("TRUSTED_PROXY_IPS", [])
# Who may read /metrics (ops.metrics): Prometheus on the internal network. Judged on the real client address, so a
# request through nginx is judged by whoever sent it; the public nginx sites refuse /metrics as well.
METRICS_ALLOWED_IPS = env_list(
    "METRICS_ALLOWED_IPS", ["127.0.0.0/8", "::1", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"]
)

INSTALLED_APPS = [
    "scrum_app.apps.ScrumAdminConfig",  # django.contrib.admin with our site (a login behind the login limits)
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # The backlog's full-text search field and its lookups (boards.search); inert on SQLite.
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    # The background tasks' queue in the database (django.tasks' DatabaseBackend): e-mail is sent by the worker.
    "django_tasks_db",
    "accounts",
    "boards",
    "sprints",
    "notifications",
    "live",
    "poker",
    "standups",
    "retros",
    "reviews",
    "timers",
    "discussion",
    "transfer",
    "ops",
]

MIDDLEWARE = [
    # ops first: every response carries the request id, and /healthz answers before host checks and redirects.
    "ops.middleware.RequestIdMiddleware",
    "ops.middleware.TrustedProxyMiddleware",
    # Counts every request below it, with the real client known; answers /metrics before host checks too.
    "ops.metrics.MetricsMiddleware",
    # Before /healthz: a database frozen whole must not hang the health check either.
    "ops.middleware.DatabaseFaultMiddleware",
    "ops.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language from the switcher's cookie or Accept-Language; accounts' middleware below puts a profile's first.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication, so its 404/400 pages know who is logged in; before any view reads the query or form.
    "scrum_app.middleware.UnstorableTextMiddleware",
    # A profile's language and time zone (accounts.preferences), when the user is first read.
    "accounts.middleware.PreferencesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # After htmx's: an htmx request sent to log in goes as a whole page.
    "accounts.middleware.HtmxLoginMiddleware",
]

ROOT_URLCONF = "scrum_app.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.theme.theme",
                "accounts.middleware.preferences",
            ],
        },
    },
]

WSGI_APPLICATION = "scrum_app.wsgi.application"
ASGI_APPLICATION = "scrum_app.asgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_bool("DB_SERVER_SIDE_BINDING", True):
    # Server-side parameter binding lets psycopg prepare a query the fifth time a connection runs it; PostgreSQL then
    # skips parsing and planning, which cost more than running the busy requests' queries (the items endpoint's
    # token-and-membership join: 0.57 -> 0.13 ms of PostgreSQL CPU per request, docs/benchmarks.md).
    # DB_SERVER_SIDE_BINDING=0 turns it off, e.g. behind a connection pooler in transaction mode.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        server_side_binding=True, prepare_threshold=env_int("DB_PREPARE_THRESHOLD", 5)
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A PostgreSQL that hangs must not hang every worker with it: a connection attempt gives up after
    # DB_CONNECT_TIMEOUT seconds and a statement after DB_STATEMENT_TIMEOUT_MS (0: no limit), both well under
    # gunicorn's 30 s worker timeout. The request then answers 503 (ops.middleware.DatabaseFaultMiddleware).
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options.setdefault("connect_timeout", env_int("DB_CONNECT_TIMEOUT", 5))
    _statement_ms = env_int("DB_STATEMENT_TIMEOUT_MS", 10000)
    _options["options"] = " ".join(filter(None, [_options.get("options", ""), f"-c statement_timeout={_statement_ms}"]))
    # PostgreSQL enforces statement_timeout itself; a server frozen whole never does. A request still waiting this
    # long has its database socket shut by ops.middleware.DatabaseFaultMiddleware (0: never).
    DATABASE_STUCK_SECONDS = _statement_ms / 1000 + 5 if _statement_ms > 0 else 0
    if env_bool("DB_POOL", True):
        # Django's psycopg pool: each process keeps at most DB_POOL_MAX_SIZE connections, opened as needed and
        # reused across requests (a gunicorn sync worker uses one; an ASGI worker's threads share the rest), and a
        # request that finds none free within DB_POOL_TIMEOUT seconds answers 503 like any database fault. The
        # connection budget, replicas × processes × DB_POOL_MAX_SIZE, must stay under PostgreSQL's max_connections:
        # docs/operations.md, "Database connections". The pool replaces persistent connections (CONN_MAX_AGE).
        DATABASES["default"]["CONN_MAX_AGE"] = 0
        _options["pool"] = {
            "min_size": env_int("DB_POOL_MIN_SIZE", 0),
            "max_size": env_int("DB_POOL_MAX_SIZE", 4),
            "timeout": env_int("DB_POOL_TIMEOUT", 5),
            # Idle connections go back to PostgreSQL after five minutes, so a quiet replica holds few.
            "max_idle": env_int("DB_POOL_MAX_IDLE", 300),
        }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default serves several threads; wait for the write lock instead of failing.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Rendered pages of the items endpoint (boards.api.page_cache), in each process's memory whatever REDIS_URL says:
# their key carries the board's items version read from the database, so no process serves a stale page, and a
# lookup costs no network round trip. Pages of at most 256 KiB: at most ~50 MiB per process. No write can skip
# the version (the database raises it, boards/migrations/0008_items_version_triggers.py); a page lives a minute at
# most all the same, so pages nobody asks for again leave the memory soon.
CACHES["items_pages"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "items-pages",
    "TIMEOUT": 60,
    "OPTIONS": {"MAX_ENTRIES": 200},
}

# Background tasks (django.tasks, docs/notifications.md): e-mail leaves the request and is sent after the commit.
# TASKS_BACKEND=db queues them in the database for `manage.py db_worker` (production, docker-compose, systemd);
# TASKS_BACKEND=immediate runs them in the process right after the commit (the embedded SQLite default, `make run`,
# the tests), so nothing extra needs to start. Unset: the database queue on PostgreSQL, immediate on SQLite.
TASKS_BACKEND = env_str(
    "TASKS_BACKEND", "immediate" if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3" else "db"
)
_TASK_BACKENDS = {
    "db": "django_tasks_db.DatabaseBackend",
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
    "dummy": "django.tasks.backends.dummy.DummyBackend",
}
if TASKS_BACKEND not in _TASK_BACKENDS:
    raise ImproperlyConfigured(f"TASKS_BACKEND must be one of {', '.join(_TASK_BACKENDS)}, not {TASKS_BACKEND!r}")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[TASKS_BACKEND], "QUEUES": ["default"]}}

# E-mail (docs/notifications.md), configured by the usual EMAIL_* variables and handed to Django 6.1's MAILERS (the
# EMAIL_* settings themselves are deprecated there). Unset EMAIL_BACKEND: the console in DEBUG (`make run`), else SMTP.
_EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
_EMAIL_OPTIONS: dict[str, object] = {}
if _EMAIL_BACKEND.endswith(".smtp.EmailBackend"):
    _EMAIL_OPTIONS = {
        "host": env_str("EMAIL_HOST", "localhost"),
        "port": env_int("EMAIL_PORT", 25),
        "username": env_str("EMAIL_HOST_USER"),
        "password": env_str("EMAIL_HOST_PASSWORD"),
        "use_tls": env_bool("EMAIL_USE_TLS", default=False),
        "use_ssl": env_bool("EMAIL_USE_SSL", default=False),
        "timeout": env_int("EMAIL_TIMEOUT", 30),
    }
elif _EMAIL_BACKEND.endswith(".filebased.EmailBackend"):
    # One file per message in that folder: the end-to-end tests read invitations from it.
    _EMAIL_OPTIONS = {"file_path": env_str("EMAIL_FILE_PATH", str(BASE_DIR / "sent-mail"))}
MAILERS = {"default": {"BACKEND": _EMAIL_BACKEND, "OPTIONS": _EMAIL_OPTIONS}}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Scrum App <scrum@localhost>")
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
# The hour (UTC) the worker sends the daily notification digests (notifications.tasks).
DIGEST_HOUR = env_int("DIGEST_HOUR", 7)
# The site's address in e-mails (links back to items and the unsubscribe link): e-mails are sent outside any request.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Live updates (docs/live.md): Redis carries events between app processes; without it, one process's memory does.
# Redis pub/sub measured faster and steadier than the list-based core layer (docs/benchmarks.md, issue 4); events
# are hints to re-fetch, so pub/sub's at-most-once delivery loses nothing a reconnect's re-fetch does not repair.
# CHANNEL_LAYER=core selects the core layer.
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": (
                "channels_redis.core.RedisChannelLayer"
                if env_str("CHANNEL_LAYER", "pubsub") == "core"
                else "channels_redis.pubsub.RedisPubSubChannelLayer"
            ),
            "CONFIG": {"hosts": [env_str("CHANNEL_REDIS_URL", REDIS_URL)]},
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

# Every socket's heartbeat round trip through the channel layer (live.consumers): how soon a page learns that the
# layer lost events (it then polls, and re-fetches everything once the layer is back) or that its socket is dead.
LIVE_HEARTBEAT_SECONDS = float(env_int("LIVE_HEARTBEAT_SECONDS", 10))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# ModelBackend, reading the user's profile (language, time zone) in the same query as the user.
AUTHENTICATION_BACKENDS = ["accounts.backends.ProfileBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "boards:list"
LOGOUT_REDIRECT_URL = "login"

# English and Russian (the team the lecture is written for works in Russian). A user's profile picks one; else the
# browser's Accept-Language (or the switcher's cookie) does; else English. Catalogues: locale/ (docs/i18n.md).
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("ru", "Русский")]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
# The site's zone, for anyone whose profile and browser name none; each user's own zone is in their profile.
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# The largest request body (form or JSON) Django reads: nginx's client_max_body_size (deploy/nginx) is the same 10 MB.
# Over it, the answer is a 413 naming the limit (scrum_app.error_views). Bulk item imports are the largest bodies.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Login limits (accounts.throttle, README "Login limits"): failed passwords counted in the database, within a window
# that starts at the first failure. Per account and address (a right password from there resets it), per account
# whatever the address (higher: one address alone cannot lock an account out), per address whatever the account.
LOGIN_FAILURES_PER_ACCOUNT_ADDRESS = env_int("LOGIN_FAILURES_PER_ACCOUNT_ADDRESS", 5)
LOGIN_FAILURES_PER_ACCOUNT = env_int("LOGIN_FAILURES_PER_ACCOUNT", 30)
LOGIN_FAILURES_PER_ADDRESS = env_int("LOGIN_FAILURES_PER_ADDRESS", 20)
LOGIN_FAILURE_WINDOW_SECONDS = env_int("LOGIN_FAILURE_WINDOW_SECONDS", 300)
if min(LOGIN_FAILURES_PER_ACCOUNT_ADDRESS, LOGIN_FAILURES_PER_ACCOUNT, LOGIN_FAILURES_PER_ADDRESS) < 1:
    raise ImproperlyConfigured("LOGIN_FAILURES_PER_ACCOUNT_ADDRESS, _PER_ACCOUNT and _PER_ADDRESS must be at least 1.")
if LOGIN_FAILURES_PER_ACCOUNT <= LOGIN_FAILURES_PER_ACCOUNT_ADDRESS:
    # Else one address alone could lock an account out for everyone.
    raise ImproperlyConfigured("LOGIN_FAILURES_PER_ACCOUNT must be higher than LOGIN_FAILURES_PER_ACCOUNT_ADDRESS.")
if LOGIN_FAILURE_WINDOW_SECONDS < 1:
    raise ImproperlyConfigured("LOGIN_FAILURE_WINDOW_SECONDS must be at least 1.")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # DRF's TokenAuthentication, which on a board's URL reads the caller's membership in the same query.
        "boards.api.authentication.BoardTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Then, for an operation that reads no body, a step refusing any key sent in one (scrum_app.api_input).
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "scrum_app.api_input.ReadsNoBody",
    ],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer", "scrum_app.renderers.BrowsableAPIRenderer"],
    # DRF's parsers, refusing text the database cannot store, and JSON bodies nested too deep.
    "DEFAULT_PARSER_CLASSES": [
        "scrum_app.parsers.JSONParser",
        "scrum_app.parsers.FormParser",
        "scrum_app.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "scrum_app.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "scrum_app.api_errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Scrum App API",
    "DESCRIPTION": "REST API v1: boards, members, backlog items and the Scrum ceremonies.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI's assets come from the drf-spectacular-sidecar package via our static files: no CDN, works offline.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # No deep links: Swagger UI puts each operation's link inside the button that opens it, a control inside a control
    # that screen readers cannot reach (axe-core: nested-interactive).
    "SWAGGER_UI_SETTINGS": {"deepLinking": False},
    "REDOC_DIST": "SIDECAR",
    # drf-spectacular's enum hook, then the answers every operation can give (401, 415, a body to an operation that
    # reads none), and the 400/413/414 any request may meet and the lists' "Invalid page" 404 (scrum_app.api_schema).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "scrum_app.api_schema.document_common_answers",
        "scrum_app.api_schema.document_common_errors",
    ],
    "ENUM_NAME_OVERRIDES": {
        "StatusEnum": "boards.models.Status",
        "KindEnum": "boards.models.Kind",
        "RoleEnum": "boards.models.Role",
        "InvitationStateEnum": "boards.models.InvitationState",
        "NotificationKindEnum": "notifications.models.NotificationKind",
        "EmailChoiceEnum": "notifications.models.EmailChoice",
    },
}

# Content Security Policy (Django 6.1 built-in): no inline script anywhere.
from django.utils.csp import CSP  # noqa: E402

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
}

# Security: HTTPS-only cookies and HSTS when not in DEBUG. Behind nginx, TLS ends at the proxy.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# SECURE_COOKIES=0 only for a stack served over plain http (the Compose quick start on http://localhost).
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# One JSON object a line on stdout (LOG_FORMAT=plain for readable lines while developing), tagged with the request id.
LOG_FORMAT = env_str("LOG_FORMAT", "plain" if DEBUG else "json")
# Django's own "django" logger writes there only: no second console on stderr in DEBUG, no mail_admins.
LOGGING = stdout_logging(
    json_lines=LOG_FORMAT == "json",
    plain_format="%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s",
    root_level=env_str("LOG_LEVEL", "INFO"),
    own={"django": env_str("LOG_LEVEL", "INFO")},
)
