"""gunicorn settings for `make run` and production.

Threaded workers: the Web Connector's keep-warm calls and API calls that wait for QuickBooks
hold a request open for seconds; gthread keeps quick requests flowing beside them.
"""

import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
worker_class = "gthread"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "8"))
# Longer than the longest server-side wait (120 s for API calls waiting on QuickBooks).
timeout = 180
graceful_timeout = 30
keepalive = 5
accesslog = "-"
errorlog = "-"
# Query strings never carry secrets here, but keep the access log lean anyway.
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(L)ss'
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
