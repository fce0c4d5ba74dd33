"""Settings shared by every environment; environment files only override what differs."""

import os
import re
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent
DATA_DIR = Path(os.environ.get("DATA_DIR", BASE_DIR / "var"))

INSTALLED_APPS = [
    # The project's apps in their layers, lowest first (docs/ARCHITECTURE.md). Upper apps add to
    # record pages through catalogue.extensions, so the order no longer decides which template wins.
    "images",
    "catalogue",
    "iiif",
    "search",
    "relic_map",
    "restoration",
    "opendata",
    # Before the wagtail apps: its catalogue also gives Vietnamese to Wagtail admin strings left untranslated.
    "cataloguing",
    # Top layer.
    "visitors",
    # Top layer, beside visitors: exhibitions composed of steps over IIIF images (the digital museum).
    "exhibitions",
    # Top layer, beside visitors: the reading room of documentary heritage.
    "library",
    # Above visitors: offline packs of its sites and tours (service worker, manifests).
    "offline",
    # Before django_tasks_db: its db_worker (django-tasks' worker plus a heartbeat) must win over
    # django_tasks_db's.
    "operations",
    # Top layer, like operations: backs up and restores everything below it.
    "backups",
    "django_tasks",
    "django_tasks_db",
    "django_prometheus",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "wagtail.contrib.sitemaps",
    "axes",
]

MIDDLEWARE = [
    # Request counts and latencies by view (django-prometheus): first and last, to time everything.
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "heritage_site.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "heritage_site.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last but Prometheus' timer, as django-axes asks: it turns a locked-out login into its lockout page.
    "axes.middleware.AxesMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

# Login lockout (django-axes): 5 failed sign-ins for one user name from one address lock that pair
# for 15 minutes; a success resets the count. Keyed on the pair so that someone guessing a
# curator's password from elsewhere cannot lock the curator out of the admin.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "account_locked.html"
AXES_CLIENT_IP_CALLABLE = "heritage_site.client_ip.client_ip"
AXES_VERBOSE = False
# Behind nginx (production) the client's address is the last X-Forwarded-For entry nginx added.
TRUST_X_FORWARDED_FOR = False

ROOT_URLCONF = "heritage_site.urls"
WSGI_APPLICATION = "heritage_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]


def database_from_url(url):
    """Parse DATABASE_URL; SQLite gets WAL, IMMEDIATE transactions and a busy timeout.

    Without them two concurrent writers (the web process and the task worker) fail
    with "database is locked" instead of waiting for each other.
    """
    config = dj_database_url.parse(url, conn_max_age=0 if url.startswith("sqlite") else 60)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        }
    return config


AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Vietnamese first: it is the language of the curators and of the default locale.
LANGUAGE_CODE = "vi"
# Records are catalogued in Vietnamese and English; visitors read the interface, tours and labels
# in the languages of Hội An's largest visitor groups too, with records falling back to en or vi.
WAGTAIL_CONTENT_LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LANGUAGES = [
    *WAGTAIL_CONTENT_LANGUAGES,
    ("ko", "한국어"),
    ("zh-hans", "简体中文"),
    ("ja", "日本語"),
    ("fr", "Français"),
]
WAGTAILADMIN_PERMITTED_LANGUAGES = WAGTAIL_CONTENT_LANGUAGES
WAGTAIL_I18N_ENABLED = True
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [PROJECT_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static_collected"))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

WAGTAIL_SITE_NAME = "Di sản Quảng Nam"
WAGTAILIMAGES_IMAGE_MODEL = "images.HeritageImage"
WAGTAILIMAGES_IMAGE_FORM_BASE = "images.forms.HeritageImageForm"
# Master scans are hundreds of megapixels and hundreds of megabytes: Wagtail's 10 MB / 128 MP
# defaults would refuse the very files this archive exists to keep.
WAGTAILIMAGES_MAX_UPLOAD_SIZE = int(os.environ.get("MAX_UPLOAD_BYTES", 2 * 1024**3))
WAGTAILIMAGES_MAX_IMAGE_PIXELS = int(os.environ.get("MAX_IMAGE_PIXELS", 1_200_000_000))
WAGTAILIMAGES_EXTENSIONS = ["tif", "tiff", "jpg", "jpeg", "png", "webp"]
# Uploads above this size stream to a temporary file instead of memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 8 * 1024**2
WAGTAILDOCS_EXTENSIONS = [
    "pdf",
    "txt",
    "mp3",
    "m4a",
    "ogg",
    "oga",
    "wav",
    "flac",
    "mp4",
    "webm",
    "ogv",
    "vtt",
]
WAGTAILDOCS_MAX_UPLOAD_SIZE = int(os.environ.get("MAX_UPLOAD_BYTES", 2 * 1024**3))

# Deep zoom: pyramid tile size, and the largest image (in pixels) any IIIF request may produce.
IIIF_TILE_SIZE = 512
IIIF_MAX_AREA = int(os.environ.get("IIIF_MAX_AREA", 4096 * 4096))
IIIF_MAX_WIDTH = 8192  # also the maximum height; WebP cannot encode more than 16383 px a side
# Behind nginx: tiles the app has allowed are sent by nginx from this internal location
# (deploy/nginx/heritage.conf); empty: the app sends them itself.
IIIF_ACCEL_REDIRECT = os.environ.get("IIIF_ACCEL_REDIRECT", "")
# Expensive image requests (iiif/image_api/bounds.py): derived images kept on disk up to this many
# bytes; per worker process, renders at once and renders allowed to wait (for at most N seconds).
IIIF_RENDER_CACHE_BYTES = int(os.environ.get("IIIF_RENDER_CACHE_BYTES", 2 * 1024**3))
IIIF_RENDER_CONCURRENCY = int(os.environ.get("IIIF_RENDER_CONCURRENCY", "1"))
IIIF_RENDER_QUEUE = int(os.environ.get("IIIF_RENDER_QUEUE", "1"))
IIIF_RENDER_WAIT = float(os.environ.get("IIIF_RENDER_WAIT", "10"))
# ... and across every worker of the machine (0: no machine-wide limit). Renders of at most this
# many output pixels (thumbnails, page images) are cheap and take no slot.
IIIF_RENDER_CHEAP_PIXELS = int(os.environ.get("IIIF_RENDER_CHEAP_PIXELS", 1_000_000))
IIIF_RENDER_MACHINE_SLOTS = int(
    os.environ.get("IIIF_RENDER_MACHINE_SLOTS", max(1, (os.cpu_count() or 2) // 2))
)
# libvips threads of a web worker (heritage_site/wsgi.py): a render then takes one core, not all.
IIIF_RENDER_VIPS_THREADS = int(os.environ.get("IIIF_RENDER_VIPS_THREADS", "1"))
# Offline packs (offline/views.py): a pack's manifest is rebuilt at most this often per worker.
OFFLINE_PACK_CACHE_SECONDS = 60

# Background tasks (tiling, search indexing) go through the database queue and `manage.py db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


# PostgreSQL full text without a configuration uses the server's default, usually English: it
# drops stop words such as "my" (Mỹ folded) and stems. search.text folds and stems already, so
# the database backend indexes with "simple" (SQLite ignores the setting).
DATABASE_SEARCH = {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "simple"}


SEARCH_ENGINE_BACKENDS = {
    "opensearch": "search.backends.engines.OpenSearchBackend",
    "elasticsearch": "search.backends.engines.ElasticsearchBackend",
}
_SEARCH_URL = re.compile(
    r"(?:(?P<engine>opensearch|elasticsearch)(?:\+(?P<scheme>https?))?|(?P<web>https?))://"
    r"(?:(?P<user>[^:@/]+):(?P<password>[^@/]*)@)?(?P<hosts>[^/@]+)(?:/(?P<index>[A-Za-z0-9_-]*))?/?"
)


def _host_port(node):
    """(host, port) of ``host[:port]``, or None when malformed."""
    host, colon, port = node.rpartition(":")
    if not colon:
        return (node, 9200) if node else None
    return (host, int(port)) if host and port.isdigit() else None


def search_backends(url):
    """WAGTAILSEARCH_BACKENDS for SEARCH_URL: unset → the database backend (the embedded default);
    otherwise an engine, with the database backend kept up to date beside it so that search still
    answers when the engine is down (search.service):

    - ``opensearch://host:port[/index]`` → OpenSearch 2; ``elasticsearch://host:port[/index]``
      → Elasticsearch 8 or 9 (over plain HTTP);
    - ``opensearch+https://user:password@host:port`` and ``elasticsearch+https://…`` for a
      secured cluster (password percent-encoded); ``http(s)://…`` alone means OpenSearch;
    - a cluster lists its nodes: ``elasticsearch://node1:9200,node2:9200/heritage`` (the client
      spreads requests over them and leaves out a node that stops answering).
    """
    if not url:
        return {"default": dict(DATABASE_SEARCH)}
    match = _SEARCH_URL.fullmatch(url)
    nodes = [_host_port(node) for node in match["hosts"].split(",")] if match else []
    if not match or None in nodes:
        raise ImproperlyConfigured(
            "SEARCH_URL must be opensearch://, elasticsearch://, opensearch+https://, "
            "elasticsearch+https://, http:// or https:// followed by host:port[,host:port…][/index], "
            f"not {url!r}"
        )
    scheme = match["scheme"] or match["web"] or "http"
    credentials = f"{match['user']}:{match['password']}@" if match["user"] else ""
    return {
        "default": {
            "BACKEND": SEARCH_ENGINE_BACKENDS[match["engine"] or "opensearch"],
            "HOSTS": [f"{scheme}://{credentials}{host}:{port}" for host, port in nodes],
            "INDEX_PREFIX": f"{match['index'] or 'heritage'}_",
            # Indexing and index swaps: a bulk of 1,000 records can take seconds on a busy node.
            # Searches set their own, shorter timeout (search.backends.engine).
            "TIMEOUT": 30,
            "ATOMIC_REBUILD": True,  # update_index builds a new index and swaps the alias
        },
        "database": dict(DATABASE_SEARCH),
    }


WAGTAILSEARCH_BACKENDS = search_backends(os.environ.get("SEARCH_URL", ""))

# ASCII slugs ("dai-tho-tra-kieu"): a visitor can type them; catalogue.forms fills a blank slug the same way.
WAGTAIL_ALLOW_UNICODE_SLUGS = False

WAGTAIL_MODERATION_ENABLED = True
WAGTAIL_WORKFLOW_ENABLED = True

PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = PUBLIC_BASE_URL

# The restoration archive's OCFL storage root. Its workspace is the sibling "<root>.workspace",
# which must be on the same filesystem (versions are installed by rename).
ARCHIVE_ROOT = Path(os.environ.get("ARCHIVE_ROOT", DATA_DIR / "archive"))
# Where `manage.py backup` writes when no folder is given (heritage-backup.timer).
BACKUP_ROOT = Path(os.environ.get("BACKUP_ROOT", DATA_DIR / "backups"))

# Base map of the relic map. Any XYZ raster tile service; an empty URL draws only the bundled
# province outline (as the map does anyway when no tile can be loaded). OpenStreetMap's own tile
# servers are for light use only: a busy deployment sets its own (or a paid) service here.
RELIC_MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
RELIC_MAP_TILE_ATTRIBUTION = os.environ.get(
    "MAP_TILE_ATTRIBUTION",
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
)
RELIC_MAP_MAX_ZOOM = int(os.environ.get("MAP_TILE_MAX_ZOOM", "19"))

# The heritage region's bounding box (south, west, north, east): coordinates outside it are almost
# always a typing slip or swapped latitude/longitude, so the admin refuses them with that hint.
HERITAGE_REGION_BBOX = (14.9, 107.2, 16.3, 108.8)

# Operations (/healthz, /readyz, /metrics, manage.py check_deployment). /metrics answers only a
# request carrying "Authorization: Bearer METRICS_TOKEN"; without a token it is switched off.
METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")
# django-prometheus would read the migration state at every start of every process: the readiness
# checks and check_deployment do that on demand instead.
PROMETHEUS_EXPORT_MIGRATIONS = False
# /readyz fails below this much free space on MEDIA_ROOT or ARCHIVE_ROOT (a master scan can be 2 GiB
# and its pyramid about as much again while it is built).
HEALTH_MIN_FREE_DISK_MB = int(os.environ.get("HEALTH_MIN_FREE_DISK_MB", 10 * 1024))
# A task waiting longer than this (seconds) means the workers do not keep up, or none runs.
HEALTH_QUEUE_MAX_AGE = int(os.environ.get("HEALTH_QUEUE_MAX_AGE", 15 * 60))
# The fixity timer runs daily; a last run older than this (hours) means it stopped running.
HEALTH_FIXITY_MAX_AGE_HOURS = int(os.environ.get("HEALTH_FIXITY_MAX_AGE_HOURS", 48))
# Each task worker writes a heartbeat this often (seconds); three missed ones count as stopped.
WORKER_HEARTBEAT_SECONDS = int(os.environ.get("WORKER_HEARTBEAT_SECONDS", 10))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "django_tasks_db": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        "pyvips": {"level": "WARNING"},
        # opensearch-py logs every request at INFO: one journal line per search otherwise.
        "opensearch": {"level": "WARNING"},
    },
}

# OAI-PMH: the namespace of our OAI identifiers (oai:<this>:QN-DT-0001) and the contact for
# harvesters. Empty: the host of PUBLIC_BASE_URL, and archive@ that host.
OAI_REPOSITORY_IDENTIFIER = os.environ.get("OAI_REPOSITORY_IDENTIFIER", "")
OAI_ADMIN_EMAIL = os.environ.get("OAI_ADMIN_EMAIL", "")

SITE_DESCRIPTION = _("Digital archive of the cultural heritage of Quảng Nam")
