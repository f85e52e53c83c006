"""SimulatedQuickBooks: a sample company file that answers qbXML like QuickBooks Desktop."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import datetime

from lxml import etree

from nxus.qbxml import spec
from nxus.qbxml.validate import QbxmlParseError, RequestDocument, validate_request

from . import data_ext, deleted, hcp, reports, writes
from .entities import ENTITIES, entity_for_request
from .iterators import DEFAULT_ITERATOR_TTL, Iterator, Iterators
from .query import Match, fetch, rets, select_ids
from .respond import Body, Counted, Page, Ret, write_rs
from .schema import Record, to_record, too_long
from .seed import Seeder
from .seed_links import seed_links
from .seed_more import seed_lists, seed_more, seed_payments
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
HCP_REQUESTS = ("HostQueryRq", "CompanyQueryRq", "PreferencesQueryRq")


_DELETIONS = frozenset({"ListDelRq", "TxnDelRq", "TxnDeletedQueryRq", "ListDeletedQueryRq"})


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
        iterator_ttl: float | None = DEFAULT_ITERATOR_TTL,
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
        self._lock = threading.RLock()
        self.iterators = Iterators(clock, iterator_ttl, seed)
        self._message_sets: dict[str, bytes] = {}
        self.company = Company(clock=lambda: SEED_EPOCH)
        Seeder(self.company, seed).run(records, customers)
        if customers is None:
            seed_more(self.company, seed)
            seed_payments(self.company, seed)
            seed_links(self.company, seed)
            seed_lists(self.company)
        self.company.build_order()
        self.company.clock = clock

    @property
    def iterator_ttl(self) -> float | None:
        return self.iterators.ttl

    @iterator_ttl.setter
    def iterator_ttl(self, seconds: float | None) -> None:
        self.iterators.ttl = seconds

    # --- the QuickBooks side of a session -------------------------------------------------
    def end_session(self) -> None:
        """QBWC closed the connection: iterators do not survive a session."""
        with self._lock:
            self.iterators.clear()

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
        iterable = spec.iterator_queries(doc.version)
        if any(r.element.get("iterator") and r.name not in iterable for r in doc.requests):
            raise QuickBooksError(HRESULT_PARSE_ERROR)  # the schema has no iterator there
        with self._lock:
            return self._process(doc)

    def _process(self, doc: RequestDocument) -> bytes:
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
            rs_name = request.name[:-2] + "Rs"
            if failed:
                write_rs(msgs, rs_name, request.request_id, status(3231), doc.version)
                continue
            result = self._handle(request.name, request.element, doc.version)
            write_rs(msgs, rs_name, request.request_id, result, doc.version)
            if doc.on_error == "stopOnError" and isinstance(result, Status):
                failed = result.severity == "Error"
        body = b'<?xml version="1.0" ?>\n' + etree.tostring(root)
        if new_id:
            self._message_sets[new_id] = body
        return body

    # --- dispatch --------------------------------------------------------------------------
    def _handle(self, name: str, elem: etree._Element, version: str) -> Body | Status:
        try:
            return self._dispatch(name, elem, version)
        except Status as result:
            return result

    def _deletion(self, name: str, request: Record) -> Body:
        """ListDel/TxnDel, and the queries of what was deleted."""
        if name in ("TxnDeletedQueryRq", "ListDeletedQueryRq"):
            return deleted.query(self.company, "txn" if name[0] == "T" else "list", request)
        kind, type_key, id_key = (
            ("list", "ListDelType", "ListID")
            if name == "ListDelRq"
            else ("txn", "TxnDelType", "TxnID")
        )
        return writes.delete(self.company, kind, request[type_key], request[id_key])

    def _dispatch(self, name: str, elem: etree._Element, version: str) -> Body:
        request = to_record(elem)
        if name in HCP_REQUESTS:
            return [(name[:-7] + "Ret", self._hcp_record(name), None)]
        if name in _DELETIONS:
            return self._deletion(name, request)
        if name.endswith("ReportQueryRq"):
            today = datetime.fromtimestamp(self.company.clock()).date()
            return reports.report(self.company, name.removesuffix("ReportQueryRq"), request, today)
        if name.startswith("DataExt"):
            return self._data_ext(name, request)
        if name == "TxnVoidRq":
            return writes.void(self.company, request["TxnVoidType"], request["TxnID"])
        if name == "SpecialItemAddRq":
            ret_name, record = writes.add_special_item(self.company, request["SpecialItemAdd"])
            return [(ret_name, record, None)]
        target = entity_for_request(name)
        if target is None:
            raise QuickBooksError(HRESULT_PARSE_ERROR)  # valid qbXML the company cannot serve
        entity_name, op = target
        if op == "Query":
            return self._query(entity_name, name, elem, request)
        long_value = too_long(elem, name, version)
        if long_value is not None:  # QuickBooks parses over-long strings, then refuses: 3070
            raise status(3070, value=long_value[0], field=long_value[1])
        entity = ENTITIES[entity_name]
        if entity.feature:
            raise status(3250, value=f"{entity.feature} is not turned on in this company file")
        body = request[f"{entity_name}{op}"]
        if op == "Add":
            add = writes.add_list if entity.kind == "list" else writes.add_txn
            record = add(self.company, entity, body)
        else:
            mod = writes.mod_list if entity.kind == "list" else writes.mod_txn
            record = mod(self.company, entity, body)
        return [(entity.ret, record, None)]

    def _data_ext(self, name: str, request: Record) -> Body:
        if name == "DataExtDefQueryRq":
            return data_ext.query_defs(self.company, request)
        if name == "DataExtDefAddRq":
            return data_ext.add_def(self.company, request["DataExtDefAdd"])
        if name == "DataExtDefModRq":
            return data_ext.mod_def(self.company, request["DataExtDefMod"])
        if name == "DataExtDefDelRq":
            return data_ext.del_def(self.company, request)
        op = name.removeprefix("DataExt").removesuffix("Rq")  # Add, Mod, Del
        return data_ext.write_value(self.company, op, request[f"DataExt{op}"])

    def _hcp_record(self, name: str) -> Record:
        if name == "HostQueryRq":
            return hcp.host_ret(self.qb_year, self.edition)
        if name == "CompanyQueryRq":
            record = hcp.company_ret(self.company_name, self.is_sample, OWNER_ID, self.file_id)
            values = record.get("DataExtRet", []) + self.company.company_data_ext["DataExtRet"]
            return {**record, "DataExtRet": values} if values else record
        return hcp.PREFERENCES

    # --- queries and iterators -------------------------------------------------------------
    def _query(self, query_name: str, rq: str, elem: etree._Element, q: Record) -> Body:
        mode = elem.get("iterator")
        max_returned = int(q["MaxReturned"]) if q.get("MaxReturned") else None
        if mode in ("Continue", "Stop"):
            iterator = self.iterators.get(elem.get("iteratorID", ""), rq)
            if mode == "Stop":
                self.iterators.stop(iterator)
                return []
            return self._page(query_name, iterator, max_returned)
        limit = None if mode == "Start" else max_returned
        ids, warning = select_ids(self.company, query_name, q, limit)
        if mode == "Start":
            return self._page(query_name, self.iterators.start(rq, ids, q), max_returned)
        meta = elem.get("metaData", "NoMetaData")
        found = fetch(self.company, query_name, ids)
        if meta == "MetaDataOnly":  # the count only; TransactionQuery counts its rows (a detail
            # level adds a row per line), other queries their records
            counted = len(found)
            if query_name == "Transaction":
                counted = len(self._rets(query_name, found, q))
            body: Body = Counted(counted, [])
        else:
            rows = self._rets(query_name, found, q)
            body = rows if meta == "NoMetaData" else Counted(len(rows), rows)
        if warning is not None:  # 500: the IDs that were found still come back
            warning.ret = body if found else None
            raise warning
        if not found:
            raise status(1, ret=body if meta != "NoMetaData" else None)
        return body

    def _page(self, query_name: str, iterator: Iterator, max_returned: int | None) -> Page:
        chunk = self.iterators.take(iterator, max_returned)
        found = fetch(self.company, query_name, chunk)
        return Page(
            iterator.iterator_id, iterator.remaining, self._rets(query_name, found, iterator.query)
        )

    def _rets(self, query_name: str, found: list[Match], q: Record) -> list[Ret]:
        return [row for n, r in found for row in rets(self.company, query_name, n, r, q)]

    # --- the Web Connector's view -----------------------------------------------------------
    def hcp_response(self) -> str:
        """The strHCPResponse QBWC sends with the first sendRequestXML of a session."""
        root = etree.Element("QBXML")
        msgs = etree.SubElement(root, "QBXMLMsgsRs")
        with self._lock:
            for request_id, name in enumerate(HCP_REQUESTS):
                rets: list[Ret] = [(name[:-7] + "Ret", self._hcp_record(name), None)]
                write_rs(msgs, name[:-2] + "Rs", str(request_id), rets, self.versions[-1])
        return '<?xml version="1.0" ?>' + etree.tostring(root, encoding="unicode")
