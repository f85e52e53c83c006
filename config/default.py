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
# woken when a job is queued (see WAKEUP_*; without cross-process wake-ups it checks the queue
# every QBWC_HOLD_POLL_SECONDS), then answering NoOp (QBWC pauses ~5 s).
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
# Waiting for QuickBooks: a waiting API call (or a held sendRequestXML) is woken by the
# commit that finishes its job (or queues work): in-process at once, across processes by
# PostgreSQL NOTIFY or, on SQLite, a datagram to each process of the database. It still looks
# at the database every WAKEUP_FALLBACK_POLL_SECONDS in case a wake-up was lost. Where no
# cross-process wake-up exists (SQLite without Unix sockets), it polls: JOB_WAIT_POLL_SECONDS
# is the longest sleep between two looks at a job (it starts at 10 ms and grows).
WAKEUP_FALLBACK_POLL_SECONDS = 5.0
JOB_WAIT_POLL_SECONDS = 0.1
# A process's wake-up listener (a thread with a socket or a PostgreSQL connection) stops after
# this long without a waiter, and starts again with the next one.
WAKEUP_LISTENER_IDLE_SECONDS = 60.0

# --- capacity per process (nxus/capacity.py): waiting never starves the Web Connector ------
# At most this many API calls wait for QuickBooks at once in one process; past it a call is
# answered 429 + Retry-After at once (Prefer: respond-async always gets 202 + job).
API_MAX_WAITING_CALLS = 128
# At most this many warm Web Connector sessions hold sendRequestXML at once in one process;
# past it a session gets NoOp at once (QBWC asks again ~5 s later) instead of a hold.
QBWC_MAX_HOLDS = 32
# Retry-After (seconds) of that 429.
API_BUSY_RETRY_AFTER_SECONDS = 2
# The worker's thread count when known (config/gunicorn.conf.py sets it: threads = waiting
# calls + holds + a reserve); the two limits above are clamped to leave a reserve free.
WORKER_THREADS = 0

# --- QuickBooks resources through /api/v1 (waiting calls, cursors, idempotency) -----------
# Longest an API call waits for QuickBooks (seconds): writes/retrieves and list pages. A
# caller may ask for less with X-Nxus-Timeout-Seconds or ?timeoutSeconds=, never for more.
API_QB_TIMEOUT_CRUD_SECONDS = 120
API_QB_TIMEOUT_LIST_SECONDS = 90
# A cursor (qbXML iterator) expires when its next page is not asked for within this time.
API_CURSOR_IDLE_SECONDS = 10
# Lists QuickBooks cannot iterate (accounts, employees, terms ...) are asked for whole, up to
# this many records, and handed out `limit` at a time with the same cursors as the others.
API_NON_ITERABLE_MAX = 10000
# Idempotency-Key records (and the answers they replay) are kept this long.
API_IDEMPOTENCY_TTL_SECONDS = 24 * 3600

# --- operations (/healthz, /readyz, /metrics, logs) --------------------------------------
# Bearer token /metrics asks for (Authorization: Bearer <token>). None: /metrics is open to
# whoever reaches the server; keep it off the public internet then (see docs/operations.md).
METRICS_TOKEN = None
# "text" (one readable line) or "json" (one JSON object a line: time, level, logger, message,
# request_id). Applies to nXus's own log lines and to gunicorn's (config/gunicorn.conf.py).
LOG_FORMAT = "text"

# --- teams: invitations, password resets, two-factor, audit log, email -------------------
# An invitation link works once, for this many days.
INVITE_VALID_DAYS = 7
# A password reset link works once, for this many minutes.
PASSWORD_RESET_VALID_MINUTES = 60
# Audit log rows older than this are purged (in small batches as new rows are written); 0 keeps
# them forever.
AUDIT_RETENTION_DAYS = 365
# Per client address, sign-in failures allowed (for any account) before that address waits.
LOGIN_MAX_FAILURES_PER_ADDRESS = 20
# Wrong second-factor codes per account before the second step waits (LOGIN_LOCKOUT_SECONDS).
TWO_FACTOR_MAX_FAILURES = 5
# A browser that completed a sign-in is remembered this many days (signed cookie): it still
# signs in while its address is locked out by someone else's failures.
KNOWN_DEVICE_DAYS = 180
# Email for invitations, "Forgot password?" and connection alerts:
# smtp://user:password@host:587 (STARTTLS), smtps://... (TLS) or smtp://host:25 (plain,
# trusted network). None: nothing is emailed; links are shown on the page to copy instead.
SMTP_URL = None
SMTP_FROM = "nXus <nxus@localhost>"

# --- events, webhooks, quiet-connection alerts, the request log (docs/webhooks.md) --------
# Events (GET /api/v1/events, webhooks) are kept this many days.
EVENTS_RETENTION_DAYS = 30
# connection.stale after this long without a check-in; 0: 3 x the .qwc schedule, at least
# 15 minutes.
CONNECTION_STALE_AFTER_SECONDS = 0
# true: webhook URLs may be plain http and private or loopback addresses (development, tests).
WEBHOOKS_ALLOW_PRIVATE = False
# The delivery worker: a thread in every server process (started by its first request).
WEBHOOK_WORKER_ENABLED = True
# Seconds between two looks for work when the last pass found none.
WEBHOOK_POLL_SECONDS = 1.0
# Deliveries claimed per pass, and sent at once by this many threads. One sender keeps the
# API's latency within a few % while it delivers ~500/s (bench/webhooks.py); more senders
# deliver faster but cost API calls of the same process much more (the GIL).
WEBHOOK_BATCH_SIZE = 50
WEBHOOK_CONCURRENCY = 1
# The worker works at most this share of the time while deliveries are due (it pauses after
# each batch): deliveries yield to the API calls of the same process.
WEBHOOK_BUSY_SHARE = 0.25
# One delivery's whole time (connect, send, answer), and how long a claim holds a delivery.
WEBHOOK_TIMEOUT_SECONDS = 10.0
WEBHOOK_LEASE_SECONDS = 60
# Retries: exponential backoff from this many seconds (with jitter), for this long; an
# endpoint failing for WEBHOOK_DISABLE_AFTER_SECONDS is disabled.
WEBHOOK_RETRY_BASE_SECONDS = 30.0
WEBHOOK_RETRY_FOR_SECONDS = 3 * 24 * 3600
WEBHOOK_DISABLE_AFTER_SECONDS = 3 * 24 * 3600
# connection.stale / connection.error are emailed to owners and admins through SMTP_URL
# (teams, above) when it is set.
# The request log of /api/v1 is kept this many days (0: not recorded).
REQUEST_LOG_RETENTION_DAYS = 14

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
# Whatever their age, at most this many rows are kept of each (0: no ceiling): the newest
# finished jobs, exchange rows (two per job; problems are kept for their own retention),
# events (one per job; never one still to be delivered) and request-log rows. With these
# defaults the history takes at most ~120 MB (docs/storage.md): 30 days of about 1,300
# QuickBooks calls a day; a busier integration keeps a shorter history, not a bigger file.
JOB_MAX_ROWS = 40_000
QBWC_EXCHANGE_MAX_ROWS = 80_000
EVENTS_MAX_ROWS = 40_000
REQUEST_LOG_MAX_ROWS = 40_000
# The purge runs inside the server, after a /qbwc call, at most once per this many seconds per
# process (0: never), in transactions of at most RETENTION_PURGE_BATCH_ROWS rows each.
RETENTION_PURGE_INTERVAL_SECONDS = 10
RETENTION_PURGE_BATCH_ROWS = 500

# --- the company file's clock (updatedAfter/updatedBefore; nxus/resources/modified.py) -------
# QuickBooks keeps modification times in the local time of the machine it runs on. A
# connection's own time zone (connections.time_zone) wins; this IANA name is the default.
COMPANY_TIME_ZONE = "America/Los_Angeles"
