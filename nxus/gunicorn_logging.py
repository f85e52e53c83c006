"""gunicorn's logger for nXus (config/gunicorn.conf.py: logger_class): the access log never
carries a secret from the URL (API keys, tokens, passwords in query strings; sk_live_/sk_test_
anywhere), and NXUS_LOG_FORMAT=json makes gunicorn's own lines JSON like nXus's."""

from __future__ import annotations

import os
import traceback
from typing import Any

from gunicorn.config import Config
from gunicorn.glogging import Logger, SafeAtoms

from nxus.logs import JsonFormatter, redact_url

# Atoms that never carry a URL or a header: remote address, time, status, size, duration, pid.
_PLAIN = frozenset({"h", "t", "s", "b", "L", "p"})


class RedactedAtoms(SafeAtoms):
    """gunicorn's atoms, each redacted as the log format reads it: a line reads a few of the
    dozens there are (every request and response header, every environ entry)."""

    def __getitem__(self, k: str) -> Any:
        value = super().__getitem__(k)
        if isinstance(value, str) and k not in _PLAIN:
            return redact_url(value)  # r (request line), U, q, f (Referer), {…}i, {…}o, {…}e
        return value


class RedactingLogger(Logger):
    atoms_wrapper_class = RedactedAtoms

    def access(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> None:
        """gunicorn's access line, carrying the API's X-Request-Id (JSON lines show it)."""
        if not self.access_log_enabled:
            return
        atoms = self.atoms_wrapper_class(self.atoms(resp, req, environ, request_time))
        request_id = atoms["{x-request-id}o"]
        extra = {"request_id": request_id} if request_id != "-" else {}
        try:
            self.access_log.info(self.cfg.access_log_format, atoms, extra=extra)
        except Exception:
            self.error(traceback.format_exc())

    def setup(self, cfg: Config) -> None:
        super().setup(cfg)
        if os.environ.get("NXUS_LOG_FORMAT", "").strip().lower() == "json":
            for log in (self.error_log, self.access_log):
                for handler in log.handlers:
                    handler.setFormatter(JsonFormatter())
