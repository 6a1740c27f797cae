"""Settings for the forum: deploy-specific values come from the environment.

Every variable has a safe development default, so `make run` needs none of them. The
README's deployment section lists what production must set.
"""

import email.utils
import ipaddress
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.contrib.messages import constants as message_constants
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default):
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG")

# The fallback key is public and marked insecure, so `check --deploy` flags it.
# Production sets DJANGO_SECRET_KEY, the same on every app server.
SECRET_KEY = os.environ.get(
    "DJANGO_SECRET_KEY", "django-insecure-development-only-never-use-in-production"
)

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

# Production behind a TLS-terminating load balancer: DJANGO_HTTPS=1.
HTTPS = env_bool("DJANGO_HTTPS")
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    # Load balancers probe over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^health/"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)

INSTALLED_APPS = [
    "forum.apps.ForumAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "huey.contrib.djhuey",
    "debates",
]

MIDDLEWARE = [
    "forum.middleware.RequestLogMiddleware",
    "forum.database_guard.DatabaseGuardMiddleware",
    "forum.middleware.ContentSecurityPolicyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages, compressed where the client accepts it (static files come compressed
    # already), with a mitigation for BREACH built in; see the README.
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "forum.middleware.PageCacheHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "forum.languages.PreferredLanguageMiddleware",
    "debates.participation.two_factor.StaffSecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

CSRF_FAILURE_VIEW = "forum.errors.csrf_failure"

# No inline script or style, and nothing from other origins (django-csp).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

ROOT_URLCONF = "forum.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "debates.context_processors.moderation",
            ],
        },
    },
]

WSGI_APPLICATION = "forum.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        # Off: the check is a round trip on every request. A connection the database
        # dropped fails one request, and Django then discards it.
        conn_health_checks=env_bool("DATABASE_CONN_HEALTH_CHECKS", False),
    )
}

# Timeouts that keep a slow or stuck database from holding a worker: connecting (in
# seconds), waiting for a row lock and running one statement (in milliseconds; 0 for
# none). manage.py turns the statement timeout off for operators' commands, which may
# run long (a migration); the app servers keep it.
DATABASE_CONNECT_TIMEOUT = int(os.environ.get("FORUM_DB_CONNECT_TIMEOUT", "3"))
DATABASE_LOCK_TIMEOUT_MS = int(os.environ.get("FORUM_DB_LOCK_TIMEOUT_MS", "2000"))
DATABASE_STATEMENT_TIMEOUT_MS = int(
    os.environ.get("FORUM_DB_STATEMENT_TIMEOUT_MS", "5000")
)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["OPTIONS"] = {
        **DATABASES["default"].get("OPTIONS", {}),
        "connect_timeout": DATABASE_CONNECT_TIMEOUT,
        "options": f"-c lock_timeout={DATABASE_LOCK_TIMEOUT_MS}"
        f" -c statement_timeout={DATABASE_STATEMENT_TIMEOUT_MS}",
    }
# The longest a request waits on the database before its connection is cut and the
# reader gets the 503 page: this covers a database that stopped answering
# altogether, which cannot enforce its own timeouts. Under gunicorn's timeout, so no
# worker is killed for a stuck database. 0 turns it off.
FORUM_DATABASE_DEADLINE = float(os.environ.get("FORUM_DATABASE_DEADLINE", "8"))
# Once PostgreSQL has stopped answering (a connection cut or refused), each app
# process answers 503 at once for this many seconds rather than making every reader
# wait for the same timeout; then it tries again. 0 turns it off.
FORUM_DATABASE_PAUSE = float(os.environ.get("FORUM_DATABASE_PAUSE", "5"))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis when configured, so every app server shares cached pages and rate-limit counts;
# otherwise a per-process memory cache, which is all one development server needs.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "forum.cache.PausingRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "forum"),
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    # Sessions stay in the database, read through Redis: durable, and a query less.
    SESSION_ENGINE = "forum.sessions"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The task queue (Huey): emails and scheduled work run in worker processes
# (`manage.py run_huey`), never in a request. With REDIS_URL, every app server and
# worker on any machine shares one queue in Redis; without it, a SQLite file beside
# the development database, which `make run` starts a worker on. Emails themselves
# wait in the database (debates.notifications.outbox), so a task lost with Redis is
# found again by the periodic sweep.
FORUM_TASK_WORKERS = int(os.environ.get("FORUM_TASK_WORKERS", "2"))
HUEY = {
    "name": os.environ.get("FORUM_TASK_QUEUE", "forum-tasks"),
    # Tests and one-off scripts may run tasks at once, in the process that asks.
    "immediate": env_bool("FORUM_TASKS_IMMEDIATE"),
    "utc": True,
    # Nothing reads a task's return value; none is stored.
    "results": False,
    "consumer": {
        "workers": FORUM_TASK_WORKERS,
        # Processes, so a task's time limit can interrupt it (SIGALRM).
        "worker_type": "process",
        "periodic": True,
        "check_worker_health": True,
    },
}
if REDIS_URL:
    import redis

    HUEY |= {
        "huey_class": "huey.RedisHuey",
        # A Redis that hangs holds a request (which only enqueues) at most 2 s;
        # the worker's blocking read waits 1 s at a time, under that.
        "connection_pool": redis.ConnectionPool.from_url(
            REDIS_URL, socket_timeout=2, socket_connect_timeout=1
        ),
        "read_timeout": 1,
    }
else:
    HUEY |= {
        "huey_class": "huey.SqliteHuey",
        "filename": os.environ.get(
            "FORUM_TASK_DATABASE", str(BASE_DIR / "tasks.sqlite3")
        ),
    }
# An email the worker could not send is tried again after 30 s, then 1, 2, 4 ...
# minutes, at most FORUM_EMAIL_RETRY_CAP apart, and given up (left failed, listed by
# `manage.py outbox`) after FORUM_EMAIL_GIVE_UP_HOURS.
FORUM_EMAIL_RETRY_DELAY = float(os.environ.get("FORUM_EMAIL_RETRY_DELAY", "30"))
FORUM_EMAIL_RETRY_CAP = float(os.environ.get("FORUM_EMAIL_RETRY_CAP", "900"))
FORUM_EMAIL_GIVE_UP_HOURS = float(os.environ.get("FORUM_EMAIL_GIVE_UP_HOURS", "48"))
# A worker holds an email it is sending this long; one killed mid-send leaves it to
# be taken again once this has passed.
FORUM_EMAIL_LEASE = float(os.environ.get("FORUM_EMAIL_LEASE", "120"))
# Sent emails' addresses and subjects are kept this many days (their words are
# dropped once sent), then deleted.
FORUM_EMAIL_KEEP_DAYS = int(os.environ.get("FORUM_EMAIL_KEEP_DAYS", "30"))
# A reader who asks to close their account can change their mind, by signing in,
# for this many days; then everything identifying is erased.
FORUM_CLOSING_DAYS = float(os.environ.get("FORUM_CLOSING_DAYS", "7"))
# How long a reader's download of their own data is offered, in hours.
FORUM_DATA_EXPORT_HOURS = float(os.environ.get("FORUM_DATA_EXPORT_HOURS", "48"))
# The address readers write to about their data (the 2004 readers among them).
FORUM_PRIVACY_CONTACT = os.environ.get("FORUM_PRIVACY_CONTACT", "")

# The hour (UTC) at which followers who chose a daily digest are sent it.
FORUM_DIGEST_HOUR = int(os.environ.get("FORUM_DIGEST_HOUR", "7"))
# /health/ready/ answers 503 once an email has waited longer than this many seconds
# past its time (workers stopped or far behind). 0 leaves the queue out.
FORUM_QUEUE_MAX_WAIT = float(os.environ.get("FORUM_QUEUE_MAX_WAIT", "900"))

# After a Redis call fails, each process leaves Redis alone this many seconds (see
# forum.cache), so a stuck Redis costs one timeout, not one per call.
FORUM_CACHE_PAUSE = float(os.environ.get("FORUM_CACHE_PAUSE", "5"))

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# For the test suite only, which sets it for itself and the servers it starts:
# PBKDF2 spends about a quarter of a second on each password it hashes, and the
# suite makes hundreds of readers. `check --deploy` refuses it (debates.E001).
FORUM_TEST_FAST_PASSWORDS = env_bool("FORUM_TEST_FAST_PASSWORDS")
if FORUM_TEST_FAST_PASSWORDS:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

AUTHENTICATION_BACKENDS = ["debates.backends.ReaderBackend"]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "debates:home"
LOGOUT_REDIRECT_URL = "debates:home"

LANGUAGE_CODE = "en-gb"
# The interface's languages, named in their own tongue. English pages keep their
# addresses; Korean ones are the same under /ko/ (see forum/urls.py), so a shared
# cache never meets two languages at one address.
LANGUAGES = [("en-gb", "English"), ("ko", "한국어")]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# `make run` serves straight from the source folders; production runs collectstatic.
WHITENOISE_USE_FINDERS = DEBUG
# Files a browser asks for at the site's root (/favicon.ico), served as they are.
WHITENOISE_ROOT = BASE_DIR / "static" / "root"

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Bootstrap's alert classes, so a message's level picks its colour.
MESSAGE_TAGS = {message_constants.ERROR: "danger"}


def env_networks(name, default):
    """A comma-separated list of networks ("10.0.0.0/8,fd00::/8")."""
    networks = []
    for part in os.environ.get(name, default).split(","):
        if part.strip():
            try:
                networks.append(ipaddress.ip_network(part.strip(), strict=False))
            except ValueError as error:
                raise ImproperlyConfigured(f"{name}: {error}") from error
    return networks


def env_rate(name, default):
    """A rate limit written "per-account/per-address/seconds", e.g. "5/20/60"."""
    per_account, per_address, window = os.environ.get(name, default).split("/")
    return int(per_account), int(per_address), int(window)


# Counted in the cache (shared through Redis in production).
FORUM_RATE_LIMITS = {
    "post": env_rate("FORUM_POST_RATE", "5/20/60"),
    "report": env_rate("FORUM_REPORT_RATE", "10/30/600"),
    "recommend": env_rate("FORUM_RECOMMEND_RATE", "30/120/60"),
    # Accounts made, per address; a sign-up sent back for a correction (a taken
    # signature, a weak password) does not count. Every attempt counts against the
    # higher limit after it, so nobody can try usernames without end.
    "signup": env_rate("FORUM_SIGNUP_RATE", "1/5/3600"),
    "signup_attempt": env_rate("FORUM_SIGNUP_ATTEMPT_RATE", "60/60/3600"),
    # Links that confirm an address for notification emails: each goes to an
    # address someone typed, which may not be theirs.
    "confirm": env_rate("FORUM_CONFIRM_RATE", "3/10/3600"),
    # Wrong passwords per username from one address, and per address: guessing
    # stops quickly, and only the guesser's own tries are spent.
    "signin": env_rate("FORUM_SIGNIN_RATE", "5/20/900"),
    # Password reset requests, per address typed and per client address: each
    # may email a link to someone's inbox, whether or not they asked for it.
    "password_reset": env_rate("FORUM_PASSWORD_RESET_RATE", "3/10/3600"),
    # Second-factor codes, per account and per address, on top of django-otp's
    # own slowing down after each wrong code.
    "two_factor": env_rate("FORUM_TWO_FACTOR_RATE", "5/20/900"),
}
# Wrong passwords for one username from every address together, and the window in
# seconds: a ceiling a guesser reaches only from many addresses at once.
FORUM_SIGNIN_USERNAME_CEILING = tuple(
    int(part)
    for part in os.environ.get("FORUM_SIGNIN_USERNAME_CEILING", "100/3600").split("/")
)
# Staff (moderators, administrators) reach the admin and the moderation pages only
# after a code from an authenticator app, once enrolled at /accounts/two-factor/.
FORUM_STAFF_TWO_FACTOR = env_bool("FORUM_STAFF_TWO_FACTOR")
OTP_TOTP_ISSUER = "Revived Debates"
# The same text from the same poster in the same debate within this many seconds is
# taken for a form sent twice, and posted once.
FORUM_DUPLICATE_WINDOW_SECONDS = int(os.environ.get("FORUM_DUPLICATE_WINDOW", "300"))
# How long after posting an author may edit or delete their comment.
FORUM_EDIT_MINUTES = int(os.environ.get("FORUM_EDIT_MINUTES", "15"))
# A new poster's first N comments wait for a moderator (0: they appear at once).
FORUM_HOLD_FIRST_COMMENTS = int(os.environ.get("FORUM_HOLD_FIRST_COMMENTS", "0"))

# Automatic rules (the word rules and domain lists are edited in the admin).
# An account with fewer published comments than this is new: it may post at most
# FORUM_RULES_NEW_ACCOUNT_LINKS links in a comment; a comment with more is held.
FORUM_RULES_NEW_ACCOUNT_COMMENTS = int(
    os.environ.get("FORUM_RULES_NEW_ACCOUNT_COMMENTS", "3")
)
FORUM_RULES_NEW_ACCOUNT_LINKS = int(
    os.environ.get("FORUM_RULES_NEW_ACCOUNT_LINKS", "1")
)
# The same or nearly the same text (this share of it alike), at least this long,
# posted within this many hours by one account in another debate, or by another new
# account anywhere, is held.
FORUM_RULES_REPEAT_HOURS = int(os.environ.get("FORUM_RULES_REPEAT_HOURS", "24"))
FORUM_RULES_REPEAT_MIN_LENGTH = int(
    os.environ.get("FORUM_RULES_REPEAT_MIN_LENGTH", "40")
)
FORUM_RULES_REPEAT_LIKENESS = float(
    os.environ.get("FORUM_RULES_REPEAT_LIKENESS", "0.9")
)
# An account with at least this many comments, of which this share or more were
# rejected or removed by moderators, is pre-moderated until a moderator clears it
# (0 turns the rule off).
FORUM_RULES_RECORD_MIN_COMMENTS = int(
    os.environ.get("FORUM_RULES_RECORD_MIN_COMMENTS", "4")
)
FORUM_RULES_RECORD_REFUSED_SHARE = float(
    os.environ.get("FORUM_RULES_RECORD_REFUSED_SHARE", "0.5")
)

# Distinct readers' reports that hide a comment until a moderator decides.
FORUM_REPORTS_TO_HOLD = int(os.environ.get("FORUM_REPORTS_TO_HOLD", "3"))

# How many proxies of ours (load balancers) append to X-Forwarded-For; 0 trusts none.
FORUM_TRUSTED_PROXIES = int(os.environ.get("FORUM_TRUSTED_PROXIES", "0"))
# The networks those proxies connect from; X-Forwarded-For from any other address
# is ignored, so a client reaching an app server directly cannot forge its address.
FORUM_PROXY_NETWORKS = env_networks("FORUM_PROXY_NETWORKS", "127.0.0.0/8,::1/128")

# How many comments one page of a debate shows; the archived thread fits on one.
COMMENTS_PER_PAGE = int(os.environ.get("FORUM_COMMENTS_PER_PAGE", "50"))

# The site's own address, for links in emails (which have no request to take it from).
FORUM_SITE_URL = os.environ.get("FORUM_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Email: printed to the console in development; sent over SMTP in production once
# EMAIL_HOST is set. EMAIL_BACKEND, if given, chooses outright.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST and not DEBUG
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
# Emails are sent by the task workers, never in a request; a mail server that hangs
# holds one worker this long per attempt.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
# The sender readers see: an address given bare is sent under the forum's name.
_from_name, _from_address = email.utils.parseaddr(
    os.environ.get("DEFAULT_FROM_EMAIL", "noreply@localhost")
)
DEFAULT_FROM_EMAIL = email.utils.formataddr(
    (_from_name or "Revived Debates", _from_address)
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_secret_paths": {"()": "forum.middleware.RedactSecretPaths"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["redact_secret_paths"],
        }
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "loggers": {
        "django": {
            "handlers": ["console"],
            "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO"),
            "propagate": False,
        },
        # The request log middleware covers what django.server would print twice.
        "django.server": {"handlers": [], "propagate": False},
        "forum.requests": {
            "handlers": ["console"],
            "level": os.environ.get("FORUM_REQUEST_LOG_LEVEL", "INFO"),
            "propagate": False,
        },
        # The task workers: each task's start, end and failure, once, in the same
        # format as the rest.
        "huey": {
            "handlers": ["console"],
            "level": os.environ.get("FORUM_TASK_LOG_LEVEL", "INFO"),
            "propagate": False,
        },
    },
}
