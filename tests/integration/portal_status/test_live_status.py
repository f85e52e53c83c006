"""The status the connection page polls: its stamp changes with what the page shows, and
stopping the sample company ends "Connected" at once (not three missed polls later)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from flask import Flask

from nxus.models import Connection
from tests.conftest import AuthActions, LiveServer, csrf_token_from, same_origin


def _post(signed_in: AuthActions, page: str, path: str) -> Any:
    token = csrf_token_from(signed_in.client.get(page).get_data(as_text=True))
    return signed_in.client.post(
        path, data={"csrf_token": token}, headers=same_origin(signed_in.client, page)
    )


def _status(signed_in: AuthActions, connection: Connection) -> dict[str, Any]:
    response = signed_in.client.get(f"/connections/{connection.id}/status.json")
    assert response.status_code == 200
    return response.get_json()  # type: ignore[no-any-return]


def test_stop_ends_connected_at_once_and_the_stamp_follows(
    app: Flask,
    live_server: LiveServer,
    signed_in: AuthActions,
    make_connection: Callable[..., Connection],
) -> None:
    app.config["PUBLIC_URL"] = live_server.url
    connection = make_connection("Main books")
    page = f"/connections/{connection.id}"
    first = _status(signed_in, connection)
    assert first["state"] == "waiting" and first["sampleCompanyRunning"] is False
    assert _status(signed_in, connection)["stamp"] == first["stamp"]  # nothing changed

    _post(signed_in, page, f"{page}/sample-company")
    deadline = time.monotonic() + 20
    while (status := _status(signed_in, connection))["state"] != "connected":
        assert time.monotonic() < deadline, status
        time.sleep(0.2)
    assert status["sampleCompanyRunning"] is True and status["stamp"] != first["stamp"]

    stopped = _post(signed_in, page, f"{page}/sample-company/stop")
    assert stopped.status_code == 302
    after = _status(signed_in, connection)
    assert after["state"] == "stale" and after["label"] == "Not polling"
    assert after["diagnostic"]["title"] == "The sample company was stopped"
    assert after["sampleCompanyRunning"] is False and after["stamp"] != status["stamp"]
    html = signed_in.client.get(page).get_data(as_text=True)
    assert "no: nothing polls nXus now" in html and "Connect the sample company" in html
