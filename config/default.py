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

# --- QuickBooks Web Connector endpoint (/qbwc) ------------------------------------------
# clientVersion: below the minimum QBWC is told to upgrade ("O:<version>"); below the
# recommended version it shows a warning ("W:…") and goes on. "" disables either check.
QBWC_MIN_CLIENT_VERSION = "2.0.0.0"
QBWC_RECOMMENDED_CLIENT_VERSION = "2.1.0.0"
# A ticket ends (cleanly) this long after authenticate, whatever happens.
QBWC_TICKET_LIFETIME_SECONDS = 3600
# A session with no call for this long no longer holds the connection's lane ("busy").
QBWC_SESSION_IDLE_SECONDS = 120
# A new authenticate takes over an open session of the same connection silent for longer than
# this (QBWC restarted after a crash): its sent jobs follow the crash rules (reads re-queued,
# writes unknown). At least QBWC_HOLD_SECONDS + 5 (a warm session is silent while it holds).
QBWC_SESSION_TAKEOVER_SECONDS = 30
# authenticate answers "busy" with this postpone (seconds) while another session holds the lane.
QBWC_BUSY_POSTPONE_SECONDS = 30
# authenticate's 4th element (minimum seconds between scheduled runs): fast while work is
# recent, slower when idle. 0 leaves the .qwc schedule alone.
QBWC_MIN_RUN_EVERY_SECONDS_ACTIVE = 5
QBWC_MIN_RUN_EVERY_SECONDS_IDLE = 60
# Work counts as "recent" this long after the last job of a connection.
QBWC_RECENT_WORK_SECONDS = 300
# Keep-warm: after the queue empties a session stays open this long (0: end at once) ...
QBWC_KEEP_WARM_SECONDS = 60
# ... holding each empty sendRequestXML this long for new work (QBWC times out at ~100 s),
# checking the queue every QBWC_HOLD_POLL_SECONDS, then answering NoOp (QBWC pauses ~5 s).
QBWC_HOLD_SECONDS = 10.0
QBWC_HOLD_POLL_SECONDS = 0.05
# Exchange log: request/response bodies are kept this many days (0: never stored), each
# truncated to QBWC_EXCHANGE_BODY_MAX_BYTES.
QBWC_EXCHANGE_BODY_RETENTION_DAYS = 7
QBWC_EXCHANGE_BODY_MAX_BYTES = 1024 * 1024
# Failed QBWC passwords per user name before a lockout (held in the database).
QBWC_AUTH_MAX_FAILURES = 10
QBWC_AUTH_WINDOW_SECONDS = 900
QBWC_AUTH_LOCKOUT_SECONDS = 900
# wait_for_job: longest sleep between two looks at a job (it starts at 10 ms and grows).
JOB_WAIT_POLL_SECONDS = 0.1

# --- QuickBooks resources through /api/v1 (waiting calls, cursors, idempotency) -----------
# Longest an API call waits for QuickBooks (seconds): writes/retrieves and list pages. A
# caller may ask for less with X-Nxus-Timeout-Seconds or ?timeoutSeconds=, never for more.
API_QB_TIMEOUT_CRUD_SECONDS = 120
API_QB_TIMEOUT_LIST_SECONDS = 90
# A cursor (qbXML iterator) expires when its next page is not asked for within this time.
API_CURSOR_IDLE_SECONDS = 10
# Lists QuickBooks cannot iterate (accounts, employees, terms ...) return up to this many.
API_NON_ITERABLE_MAX = 500
# Idempotency-Key records (and the answers they replay) are kept this long.
API_IDEMPOTENCY_TTL_SECONDS = 24 * 3600

# --- storage: how long payloads and logs are kept (docs/storage.md says what they cost) -----
# A finished job's qbXML (request and answer) is dropped this long after it finished: the
# call waiting for it has read it by then, and an Idempotency-Key replay reads the answer it
# stored itself. Jobs still queued or sent keep theirs; an `unknown` write keeps its request.
JOB_PAYLOAD_RETENTION_SECONDS = 300
# ... and this long for a job nobody waited for (`Prefer: respond-async`, or a call that gave
# up while QuickBooks had it): GET /api/v1/jobs/{id} reads its answer later.
JOB_DETACHED_PAYLOAD_RETENTION_SECONDS = 24 * 3600
# Finished jobs (the row: state, request names, status, times) are deleted after this many days.
JOB_ROW_RETENTION_DAYS = 30
# Exchange log: bodies of problems (faults, HRESULTs, qbXML errors, nvu) are kept this many days
# (QBWC_EXCHANGE_BODY_RETENTION_DAYS for the others); rows are deleted after
# QBWC_EXCHANGE_ROW_RETENTION_DAYS.
QBWC_EXCHANGE_FAILURE_BODY_RETENTION_DAYS = 30
QBWC_EXCHANGE_ROW_RETENTION_DAYS = 30
# The purge runs inside the server, after a /qbwc call, at most once per this many seconds per
# process (0: never), in transactions of at most RETENTION_PURGE_BATCH_ROWS rows each.
RETENTION_PURGE_INTERVAL_SECONDS = 10
RETENTION_PURGE_BATCH_ROWS = 500
