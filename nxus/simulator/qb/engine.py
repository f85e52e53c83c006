"""SimulatedQuickBooks: a sample company file that answers qbXML like QuickBooks Desktop."""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from datetime import datetime

from lxml import etree

from nxus.qbxml.validate import QbxmlParseError, validate_request

from . import hcp, writes
from .entities import ENTITIES, entity_for_request
from .query import Iterator, new_iterator_id, select, shape
from .schema import Record, serialize, to_record, version_tuple
from .seed import Seeder
from .status import (
    HRESULT_CANNOT_START,
    HRESULT_OTHER_FILE_OPEN,
    HRESULT_PARSE_ERROR,
    QuickBooksError,
    Status,
    status,
)
from .store import COMPANY_TZ, Company

DEFAULT_FILE = (
    r"C:\Users\Public\Documents\Intuit\QuickBooks\Sample Company Files"
    r"\QuickBooks 2024\sample_company.qbw"
)
SEED_EPOCH = int(datetime(2023, 1, 2, 8, 0, tzinfo=COMPANY_TZ).timestamp())
OWNER_ID = "{57F3B9B1-86F1-4FCC-B1EE-566DE1813D20}"  # the owner QBWC stamps FileID under


class SimulatedQuickBooks:
    """In-memory, thread-safe QuickBooks Desktop with a deterministic sample company.

    ``process(bytes) -> bytes`` answers a qbXML request document or raises
    ``QuickBooksError`` for what QuickBooks reports as an HRESULT.
    """

    def __init__(
        self,
        seed: int = 1,
        records: int = 3000,
        qb_year: int = 2024,
        company_name: str = "Sample Rock Castle Construction",
        company_file: str = DEFAULT_FILE,
        is_sample: bool = True,
        customers: int | None = None,
        edition: str = "Pro",
        clock: Callable[[], float] = time.time,
        iterator_ttl: float | None = None,
    ) -> None:
        self.qb_year = qb_year
        self.versions = hcp.supported_versions(qb_year)
        self.company_name = company_name
        self.company_file = company_file
        self.is_sample = is_sample
        self.edition = edition
        self.file_id: str | None = None  # the FileID data extension QBWC writes
        self.running = True
        self.open_file: str | None = None  # another file open in QuickBooks, if any
        self.iterator_ttl = iterator_ttl  # None: iterators live until end_session()
        self._clock = clock
        self._lock = threading.RLock()
        self._rng = random.Random(seed)
        self._iterators: dict[str, Iterator] = {}
        self._message_sets: dict[str, bytes] = {}
        self.company = Company(clock=lambda: SEED_EPOCH)
        Seeder(self.company, seed).run(records, customers)
        self.company.clock = clock

    # --- the QuickBooks side of a session -------------------------------------------------
    def end_session(self) -> None:
        """QBWC closed the connection: iterators do not survive a session."""
        with self._lock:
            self._iterators.clear()

    def expire_iterators(self) -> None:
        self.end_session()

    def _check_open(self) -> None:
        if not self.running:
            raise QuickBooksError(HRESULT_CANNOT_START)
        if self.open_file not in (None, self.company_file):
            raise QuickBooksError(HRESULT_OTHER_FILE_OPEN)

    def process(self, request_xml: bytes) -> bytes:
        self._check_open()
        try:
            doc = validate_request(request_xml)
        except QbxmlParseError as exc:
            raise QuickBooksError(HRESULT_PARSE_ERROR) from exc
        if doc.version not in self.versions:
            raise QuickBooksError(HRESULT_PARSE_ERROR)
        with self._lock:
            return self._process(doc)

    def _process(self, doc) -> bytes:  # type: ignore[no-untyped-def]
        version = version_tuple(doc.version)
        old_id, new_id = doc.old_message_set_id, doc.new_message_set_id
        if old_id == "ClearAllMessageSets":
            self._message_sets.clear()
        elif old_id:
            stored = self._message_sets.get(old_id)
            if new_id != old_id:
                self._message_sets.pop(old_id, None)
            if stored is not None:
                return stored  # the old set was applied: answer it again, write nothing twice
        root = etree.Element("QBXML")
        msgs = etree.SubElement(root, "QBXMLMsgsRs")
        if new_id:
            msgs.set("newMessageSetID", new_id)
            msgs.set("messageSetStatusCode", "0")
        failed = False
        for request in doc.requests:
            if failed:
                rs_name = request.name[:-2] + "Rs"
                self._respond(msgs, rs_name, request.request_id, status(3231), version)
                continue
            outcome = self._handle(request.name, request.element, version)
            rs_name, result = outcome
            self._respond(msgs, rs_name, request.request_id, result, version)
            if doc.on_error == "stopOnError" and isinstance(result, Status):
                failed = result.severity == "Error"
        body = b'<?xml version="1.0" ?>\n' + etree.tostring(root)
        if new_id:
            self._message_sets[new_id] = body
        return body

    # --- dispatch --------------------------------------------------------------------------
    def _handle(self, name: str, elem: etree._Element, version: tuple[int, int]):  # type: ignore[no-untyped-def]
        rs_name = name[:-2] + "Rs"
        try:
            return rs_name, self._dispatch(name, elem)
        except Status as result:
            return rs_name, result

    def _dispatch(self, name: str, elem: etree._Element):  # type: ignore[no-untyped-def]
        request = to_record(elem)
        if name in ("HostQueryRq", "CompanyQueryRq", "PreferencesQueryRq"):
            return [(name[:-7] + "Ret", self._hcp_record(name))]
        if name in ("ListDelRq", "TxnDelRq"):
            kind = "list" if name == "ListDelRq" else "txn"
            type_key, id_key = (
                ("ListDelType", "ListID") if kind == "list" else ("TxnDelType", "TxnID")
            )
            return writes.delete(self.company, kind, request[type_key], request[id_key])
        if name == "TxnVoidRq":
            return writes.void(self.company, request["TxnVoidType"], request["TxnID"])
        target = entity_for_request(name)
        if target is None:
            raise QuickBooksError(HRESULT_PARSE_ERROR)  # valid qbXML the company cannot serve
        entity_name, op = target
        if op == "Query":
            return self._query(entity_name, name, elem, request)
        entity = ENTITIES[entity_name]
        body = request[f"{entity_name}{op}"]
        if op == "Add":
            add = writes.add_list if entity.kind == "list" else writes.add_txn
            record = add(self.company, entity, body)
        else:
            mod = writes.mod_list if entity.kind == "list" else writes.mod_txn
            record = mod(self.company, entity, body)
        return [(entity.ret, record)]

    def _hcp_record(self, name: str) -> Record:
        if name == "HostQueryRq":
            return hcp.host_ret(self.qb_year, self.edition)
        if name == "CompanyQueryRq":
            return hcp.company_ret(self.company_name, self.is_sample, OWNER_ID, self.file_id)
        return hcp.PREFERENCES

    # --- queries and iterators -------------------------------------------------------------
    def _query(self, query_name: str, rq: str, elem: etree._Element, q: Record):  # type: ignore[no-untyped-def]
        mode = elem.get("iterator")
        max_returned = int(q["MaxReturned"]) if q.get("MaxReturned") else None
        if mode in ("Continue", "Stop"):
            iterator = self._live_iterator(elem.get("iteratorID", ""), rq)
            if mode == "Stop":
                del self._iterators[iterator.iterator_id]
                return []
            return self._page(iterator, max_returned)
        matches, warning = select(self.company, query_name, q)
        if mode == "Start":
            iterator = Iterator(
                new_iterator_id(lambda: self._rng.getrandbits(128)),
                rq,
                [(n, r.get("ListID") or r["TxnID"]) for n, r in matches],
                self._expiry(),
                query=q,
            )
            self._iterators[iterator.iterator_id] = iterator
            return self._page(iterator, max_returned)
        if max_returned is not None:
            matches = matches[:max_returned]
        if warning is not None and not matches:
            raise warning
        if not matches:
            raise status(1)
        rets = [(f"{n}Ret", *shape(n, r, q)) for n, r in matches]
        if warning is not None:
            warning.ret = rets
            raise warning
        return rets

    def _expiry(self) -> float | None:
        return None if self.iterator_ttl is None else self._clock() + self.iterator_ttl

    def _live_iterator(self, iterator_id: str, rq: str) -> Iterator:
        iterator = self._iterators.get(iterator_id)
        expired = (
            iterator is not None
            and iterator.expires_at is not None
            and (self._clock() > iterator.expires_at)
        )
        if iterator is None or expired or iterator.request != rq:
            self._iterators.pop(iterator_id, None)
            raise status(3391, iterator_id)
        return iterator

    def _page(self, iterator: Iterator, max_returned: int | None) -> dict:
        end = len(iterator.keys) if max_returned is None else iterator.position + max_returned
        chunk = iterator.keys[iterator.position : end]
        iterator.position += len(chunk)
        iterator.expires_at = self._expiry()
        remaining = len(iterator.keys) - iterator.position
        if remaining == 0:  # the last page closes the iterator
            self._iterators.pop(iterator.iterator_id, None)
        rets = []
        for entity_name, record_id in chunk:
            record = self.company.get(entity_name, record_id)
            if record is not None:  # deleted since the iterator started
                rets.append((f"{entity_name}Ret", *shape(entity_name, record, iterator.query)))
        return {"iterator": (iterator.iterator_id, remaining), "rets": rets}

    # --- responses -------------------------------------------------------------------------
    def _respond(self, msgs, rs_name, request_id, result, version) -> None:  # type: ignore[no-untyped-def]
        rs = etree.SubElement(msgs, rs_name)
        if request_id is not None:
            rs.set("requestID", request_id)
        if isinstance(result, Status):
            code, severity, message, body = result.code, result.severity, result.message, result.ret
        else:
            code, severity, message, body = 0, "Info", "Status OK", result
        iterator = None
        if isinstance(body, dict) and "iterator" in body:
            iterator, body = body["iterator"], body["rets"]
            if not body and code == 0:
                code, severity, message = 1, "Info", status(1).message
        rs.set("statusCode", str(code))
        rs.set("statusSeverity", severity)
        rs.set("statusMessage", message)
        if iterator is not None:
            rs.set("iteratorRemainingCount", str(iterator[1]))
            rs.set("iteratorID", iterator[0])
        self._write_body(rs, rs_name, body, version)

    def _write_body(self, rs, rs_name, body, version) -> None:  # type: ignore[no-untyped-def]
        if body is None:
            return
        if isinstance(body, dict) and "ListID" in body and "EditSequence" in body:
            body = [(rs_name.replace("ModRs", "Ret"), body, None)]  # 3200: the current record
        if isinstance(body, dict):  # ListDelRs / TxnDelRs / TxnVoidRs carry fields directly
            for name, _r, since, _m, _leaf in _rs_children(rs_name):
                if body.get(name) is not None and since <= version:
                    etree.SubElement(rs, name).text = body[name]
            return
        for item in body:
            tag, record, *rest = item if len(item) == 3 else (*item, None)
            serialize(rs, tag, record, version, rest[0] if rest else None)

    # --- the Web Connector's view -----------------------------------------------------------
    def hcp_response(self) -> str:
        """The strHCPResponse QBWC sends with the first sendRequestXML of a session."""
        root = etree.Element("QBXML")
        msgs = etree.SubElement(root, "QBXMLMsgsRs")
        top = version_tuple(self.versions[-1])
        for request_id, name in enumerate(("HostQueryRq", "CompanyQueryRq", "PreferencesQueryRq")):
            rets = [(name[:-7] + "Ret", self._hcp_record(name))]
            self._respond(msgs, name[:-2] + "Rs", str(request_id), rets, top)
        return '<?xml version="1.0" ?>' + etree.tostring(root, encoding="unicode")


def _rs_children(rs_name: str):  # type: ignore[no-untyped-def]
    from .schema import children

    return children(rs_name)
