"""Committed defaults. Every key can be overridden by an `NXUS_<KEY>` environment variable
(read when the app is created) and then by the test config. Values here are never secrets."""

# --- core -------------------------------------------------------------------------------
# None: generated on first run and persisted in the instance folder (never hard-coded).
SECRET_KEY = None
# None: SQLite file `nxus.db` in the instance folder. PostgreSQL: postgresql+psycopg://...
DATABASE_URL = None
# The base URL the Web Connector and browsers use to reach this server (https in production).
PUBLIC_URL = None
# Cookies are sent only over HTTPS (browsers treat http://localhost as secure too).
# Set NXUS_SECURE_COOKIES=false for a plain-HTTP install on a trusted LAN.
SECURE_COOKIES = True
# Largest request body accepted (bytes). QBWC posts whole query results in one SOAP body.
MAX_CONTENT_LENGTH = 50 * 1024 * 1024
LOG_LEVEL = "INFO"

# --- passwords (argon2id; OWASP-sized defaults, ~100 ms per hash) ------------------------
ARGON2_TIME_COST = 3
ARGON2_MEMORY_COST = 65536
ARGON2_PARALLELISM = 4

# --- portal sign-in throttling (held in the database, so it spans processes) -------------
LOGIN_MAX_FAILURES = 5
LOGIN_WINDOW_SECONDS = 900
LOGIN_LOCKOUT_SECONDS = 900

# --- JSON API (/api/v1), API keys and the .qwc file --------------------------------------
# Page size of cursor-paginated platform lists (connections): default and ceiling.
API_PAGE_SIZE_DEFAULT = 150
API_PAGE_SIZE_MAX = 150
# An API key's last_used_at is written at most once per this many seconds.
API_KEY_LAST_USED_INTERVAL_SECONDS = 60
# .qwc Scheduler/RunEveryNSeconds: how often the Web Connector polls when idle.
QWC_RUN_EVERY_N_SECONDS = 60
# Hosted setup links (POST /api/v1/auth-sessions): default and longest lifetime in minutes.
AUTH_SESSION_DEFAULT_MINUTES = 30
AUTH_SESSION_MAX_MINUTES = 10080
