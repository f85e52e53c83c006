"""A whole Web Connector session and its variations, through the Flask test client."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select

from nxus.db import new_session
from nxus.models import Connection, Job, QbwcDiagnostic, QbwcExchange
from nxus.models.qbwc import JobState
from nxus.services import jobs
from tests.integration.qbwc.conftest import (
    FILE_A,
    FILE_B,
    Conn,
    Soap,
    answer_for,
    customer_query,
)


def submit(app: Flask, conn: Conn, qbxml: str | None = None) -> Job:
    with new_session(app) as db:
        return jobs.submit_qbxml(db, conn.id, qbxml or customer_query())


def job_state(app: Flask, job_id: object) -> Job:
    with new_session(app) as db:
        job = db.get(Job, job_id)
        assert job is not None
        return job


def mark_connected(app: Flask, conn: Conn, path: str = FILE_A) -> None:
    with new_session(app) as db:
        c = db.get(Connection, conn.id)
        assert c is not None
        c.company_file, c.last_connected_at = path, c.created_at
        db.commit()


def test_full_session_stores_result_and_connection_facts(
    app: Flask, soap: Soap, conn: Conn, hcp: str
) -> None:
    app.config["QBWC_KEEP_WARM_SECONDS"] = 0
    app.extensions["nxus.qbwc.settings"] = type(app.extensions["nxus.qbwc.settings"]).from_config(
        app.config
    )
    job = submit(app, conn)
    assert soap.call("serverVersion").startswith("nXus")
    assert soap.call("clientVersion", strVersion="2.3.0.215") == ""
    ticket, status, *_ = soap.authenticate(conn)
    assert ticket and status == ""
    request = soap.send(ticket, hcp=hcp)
    assert '<?qbxml version="13.0"?>' in request
    assert f'requestID="{job.id.hex}"' in request
    assert soap.receive(ticket, answer_for(request)) == 100
    assert soap.call("closeConnection", ticket=ticket) == "OK"
    done = job_state(app, job.id)
    assert done.state == JobState.DONE and done.status_code == 0
    with new_session(app) as db:
        c = db.get(Connection, conn.id)
        assert c is not None
        assert c.company_name == "Orchard Lane Farm"
        assert c.edition == "QuickBooks Pro 2014"
        assert c.company_file == FILE_A and c.file_bound_at is not None
        assert c.qbxml_version == "13.0" and c.is_sample_file is False
        assert c.country == "US" and c.last_connected_at is not None
        assert c.supported_qbxml_versions and "13.0" in c.supported_qbxml_versions
        logged = db.scalars(select(QbwcExchange).order_by(QbwcExchange.id)).all()
        assert [e.method for e in logged][-5:] == [
            "clientVersion",
            "authenticate",
            "sendRequestXML",
            "receiveResponseXML",
            "closeConnection",
        ]
        for exchange in logged:
            for body in (exchange.request_body or "", exchange.response_body or ""):
                assert conn.password not in body
                assert ticket not in body


def test_wrong_password_is_nvu_and_diagnosed(app: Flask, soap: Soap, conn: Conn) -> None:
    assert soap.authenticate(conn, password="wrong") == ["", "nvu"]
    assert soap.call("authenticate", strUserName="nobody", strPassword="x") == ["", "nvu"]
    with new_session(app) as db:
        codes = db.scalars(select(QbwcDiagnostic.code)).all()
        assert "wrong_password" in codes
        logged = db.scalars(select(QbwcExchange.request_body)).all()
        assert all("wrong" not in (body or "") for body in logged)


def test_auth_throttle_locks_out_even_the_right_password(
    app: Flask, soap: Soap, conn: Conn
) -> None:
    app.extensions["nxus.qbwc.settings"] = type(app.extensions["nxus.qbwc.settings"]).from_config(
        {**app.config, "QBWC_AUTH_MAX_FAILURES": 2}
    )
    submit(app, conn)
    for _ in range(2):
        assert soap.authenticate(conn, password="wrong")[1] == "nvu"
    assert soap.authenticate(conn)[1] == "nvu"


def test_archived_or_inactive_connection_is_nvu(app: Flask, soap: Soap, conn: Conn) -> None:
    with new_session(app) as db:
        c = db.get(Connection, conn.id)
        assert c is not None
        c.is_active = False
        db.commit()
    assert soap.authenticate(conn)[1] == "nvu"


def test_no_work_says_none(app: Flask, soap: Soap, conn: Conn) -> None:
    mark_connected(app, conn)  # a first connection is work (test_first_connection.py)
    result = soap.authenticate(conn)
    assert result[1] == "none"
    assert len(result) == 4 and result[3].isdigit()
    assert soap.call("closeConnection", ticket=result[0]) == "OK"


def test_unknown_ticket_ends_cleanly(soap: Soap) -> None:
    assert soap.send("not-a-ticket") == ""
    assert "ended" in soap.call("getLastError", ticket="not-a-ticket")
    assert soap.receive("not-a-ticket", "<QBXML/>") == 100
    assert soap.call("closeConnection", ticket="not-a-ticket") == "OK"
    assert soap.call("connectionError", ticket="x", hresult="0x80040408", message="m") == "done"


def test_ticket_reuse_after_close(app: Flask, soap: Soap, conn: Conn, hcp: str) -> None:
    job = submit(app, conn)
    ticket = soap.authenticate(conn)[0]
    soap.send(ticket, hcp=hcp)
    assert soap.call("closeConnection", ticket=ticket) == "OK"
    assert soap.send(ticket) == ""
    assert "ended" in soap.call("getLastError", ticket=ticket)
    assert job_state(app, job.id).state == JobState.SENT  # recovered by the next session
    ticket2 = soap.authenticate(conn)[0]
    assert ticket2 != ticket
    assert job_state(app, job.id).state == JobState.QUEUED


def test_company_file_mismatch_is_refused(app: Flask, soap: Soap, conn: Conn, hcp: str) -> None:
    app.config["QBWC_KEEP_WARM_SECONDS"] = 0
    submit(app, conn)
    ticket = soap.authenticate(conn)[0]
    request = soap.send(ticket, hcp=hcp, path=FILE_A)
    soap.receive(ticket, answer_for(request))
    soap.call("closeConnection", ticket=ticket)
    submit(app, conn)
    ticket, path, *_ = soap.authenticate(conn)
    assert path == FILE_A  # QBWC is told which file to open
    assert soap.send(ticket, hcp="", path=FILE_B) == ""
    text = soap.call("getLastError", ticket=ticket)
    assert "Other Company.qbw" in text and "myCompany.qbw" in text
    with new_session(app) as db:
        diag = db.scalars(
            select(QbwcDiagnostic).where(QbwcDiagnostic.code == "file_mismatch")
        ).one()
        assert "Other Company.qbw" in diag.explanation and "myCompany.qbw" in diag.explanation
        assert diag.support_anchor == "connection-error"


def test_same_file_case_and_slashes_or_fileid_are_accepted(
    app: Flask, soap: Soap, conn: Conn, hcp: str
) -> None:
    with new_session(app) as db:
        c = db.get(Connection, conn.id)
        assert c is not None
        c.company_file = FILE_B
        db.commit()
    submit(app, conn)
    ticket = soap.authenticate(conn)[0]
    assert soap.send(ticket, path=FILE_B.upper().replace("\\", "/")) != ""
    soap.call("closeConnection", ticket=ticket)
    # Moved file, but QBWC stamped our FileID into it.
    stamped = hcp.replace(
        "{3a7c91e2-5b0d-4f68-9e14-c2d8a6b07f35}", f"{{{str(conn.file_id).upper()}}}"
    )
    submit(app, conn)
    ticket = soap.authenticate(conn)[0]
    assert soap.send(ticket, hcp=stamped, path=r"D:\moved\copy.qbw") != ""


def test_hresult_gives_negative_progress_and_plain_words(
    app: Flask, soap: Soap, conn: Conn, hcp: str
) -> None:
    job = submit(app, conn)
    ticket = soap.authenticate(conn)[0]
    soap.send(ticket, hcp=hcp)
    progress = soap.receive(
        ticket,
        hresult="0x80040400",
        message="QuickBooks found an error when parsing the provided XML text stream.",
    )
    assert progress < 0
    text = soap.call("getLastError", ticket=ticket)
    assert "could not read a request" in text and "/support#connection-error" in text
    failed = job_state(app, job.id)
    assert failed.state == JobState.FAILED and failed.hresult == "0x80040400"


def test_connection_error_is_recorded(app: Flask, soap: Soap, conn: Conn) -> None:
    submit(app, conn)
    ticket = soap.authenticate(conn)[0]
    result = soap.call(
        "connectionError", ticket=ticket, hresult="0x8004041D", message="not allowed"
    )
    assert result == "done"
    assert "log in automatically" in soap.call("getLastError", ticket=ticket)
    with new_session(app) as db:
        diag = db.scalars(select(QbwcDiagnostic)).one()
        assert diag.code == "0x8004041D" and diag.support_anchor == "allow-access"


def test_keep_warm_noop_then_new_work_then_clean_end(
    app: Flask, soap: Soap, conn: Conn, hcp: str
) -> None:
    submit(app, conn)
    ticket = soap.authenticate(conn)[0]
    request = soap.send(ticket, hcp=hcp)
    assert 0 <= soap.receive(ticket, answer_for(request)) < 100  # stays open: warm
    assert soap.send(ticket) == ""  # held briefly, nothing came
    assert soap.call("getLastError", ticket=ticket) == "NoOp"
    job = submit(app, conn)  # work arrives while the session is warm
    request = soap.send(ticket)
    assert job.id.hex in request
    soap.receive(ticket, answer_for(request))
    # The window closes: a cheap final request, answered with 100.
    with new_session(app) as db:
        from nxus.models import QbwcSession

        qs = db.scalars(select(QbwcSession)).one()
        qs.warm_until = qs.created_at
        db.commit()
    final = soap.send(ticket)
    assert "HostQueryRq" in final
    assert soap.receive(ticket, answer_for(final)) == 100
    assert soap.call("closeConnection", ticket=ticket) == "OK"


def test_busy_while_lane_is_held(app: Flask, soap: Soap, conn: Conn, hcp: str) -> None:
    submit(app, conn)
    ticket = soap.authenticate(conn)[0]
    soap.send(ticket, hcp=hcp)
    other = soap.authenticate(conn)
    assert other[1] == "busy" and int(other[2]) > 0


def test_sent_job_recovered_after_crash(app: Flask, soap: Soap, conn: Conn, hcp: str) -> None:
    read = submit(app, conn)
    write = submit(
        app,
        conn,
        '<?qbxml version="13.0"?><QBXML><QBXMLMsgsRq onError="stopOnError"><CustomerAddRq>'
        "<CustomerAdd><Name>Crash Test</Name></CustomerAdd></CustomerAddRq></QBXMLMsgsRq></QBXML>",
    )
    ticket = soap.authenticate(conn)[0]
    request = soap.send(ticket, hcp=hcp)
    assert read.id.hex in request
    soap.receive(ticket, answer_for(request))
    request = soap.send(ticket)
    assert write.id.hex in request
    # Crash: the server dies, QBWC gives up; time passes beyond the idle window.
    with new_session(app) as db:
        from datetime import timedelta

        from nxus.models import QbwcSession

        qs = db.scalars(select(QbwcSession)).one()
        qs.last_call_at -= timedelta(hours=1)
        db.commit()
    third = submit(app, conn)
    ticket2 = soap.authenticate(conn)[0]
    assert job_state(app, write.id).state == JobState.UNKNOWN
    request = soap.send(ticket2)
    assert third.id.hex in request
    # The old ticket's late answer does not overwrite anything.
    assert soap.receive(ticket, answer_for(request)) in range(0, 101)


def test_sent_read_is_resent_after_crash(app: Flask, soap: Soap, conn: Conn, hcp: str) -> None:
    read = submit(app, conn)
    ticket = soap.authenticate(conn)[0]
    soap.send(ticket, hcp=hcp)
    with new_session(app) as db:
        from datetime import timedelta

        from nxus.models import QbwcSession

        qs = db.scalars(select(QbwcSession)).one()
        qs.last_call_at -= timedelta(hours=1)
        db.commit()
    ticket2 = soap.authenticate(conn)[0]
    request = soap.send(ticket2, hcp=hcp)
    assert read.id.hex in request
    soap.receive(ticket2, answer_for(request))
    again = job_state(app, read.id)
    assert again.state == JobState.DONE and again.attempts == 2


def test_job_needing_newer_version_fails(app: Flask, soap: Soap, conn: Conn, hcp: str) -> None:
    newer = submit(app, conn, customer_query().replace('version="13.0"', 'version="16.0"'))
    ok = submit(app, conn)
    ticket = soap.authenticate(conn)[0]
    request = soap.send(ticket, hcp=hcp)
    assert ok.id.hex in request
    failed = job_state(app, newer.id)
    assert failed.state == JobState.FAILED and "16.0" in (failed.error_message or "")
