"""The nginx site and systemd unit in docs/examples agree with the settings they front (they
were checked by hand with `nginx -t` and `systemd-analyze verify`; see docs/operations.md)."""

from __future__ import annotations

import math
import re
import runpy

from config import default
from tests.conftest import REPO

EXAMPLES = REPO / "docs" / "examples"


def _directive(text: str, name: str) -> str:
    match = re.search(rf"^\s*{name}\s+([^;]+);", text, re.MULTILINE)
    assert match, f"no {name} in the nginx example"
    return match.group(1).strip()


def test_nginx_limits_match_max_content_length_and_the_longest_waits() -> None:
    site = (EXAMPLES / "nginx-nxus.conf").read_text()
    size = _directive(site, "client_max_body_size")
    assert size.endswith("m")
    assert int(size[:-1]) == math.ceil(default.MAX_CONTENT_LENGTH / (1024 * 1024))
    gunicorn_timeout = runpy.run_path(str(REPO / "config" / "gunicorn.conf.py"))["timeout"]
    read_timeout = int(_directive(site, "proxy_read_timeout").rstrip("s"))
    assert read_timeout > gunicorn_timeout > default.API_QB_TIMEOUT_CRUD_SECONDS
    assert "X-Forwarded-Proto $scheme" in site
    log_format = site[site.index("log_format nxus") :].split(";", 1)[0]
    assert "$uri" in log_format  # the path without its query string
    for leaky in ("$request ", '$request"', "$request_uri", "$args", "$query_string"):
        assert leaky not in log_format, leaky
    assert "access_log /var/log/nginx/nxus.access.log nxus;" in site


def test_systemd_unit_starts_what_make_run_starts() -> None:
    unit = (EXAMPLES / "nxus.service").read_text()
    makefile = (REPO / "Makefile").read_text()
    assert "gunicorn --config config/gunicorn.conf.py app:app" in makefile
    assert re.search(
        r"^ExecStart=\S+/gunicorn --config config/gunicorn.conf.py app:app$", unit, re.M
    )
    assert re.search(r"^ExecStartPre=\S+/flask --app app nxus db-upgrade$", unit, re.M)
    assert "Type=notify" in unit and "UMask=0077" in unit
