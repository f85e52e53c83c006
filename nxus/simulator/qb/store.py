"""The company data: records per entity, name indexes, IDs, timestamps, references."""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from .entities import ENTITIES, REFS
from .order import SortedIndex, sort_key
from .schema import Record
from .status import status

# The sample company keeps Pacific time, daylight saving time included.
COMPANY_TZ = ZoneInfo("America/Los_Angeles")


def wall_time(epoch: float) -> str:
    """The company's wall-clock time of an instant, as QuickBooks keeps it (no offset)."""
    return datetime.fromtimestamp(epoch, COMPANY_TZ).replace(tzinfo=None).isoformat()


def format_time(epoch: int) -> str:
    """TimeModified as QuickBooks writes it: the wall time with the offset of that wall time's
    first reading, so in the hour a fall-back change repeats the offset is an hour wrong."""
    wall = datetime.fromisoformat(wall_time(epoch))
    return wall.replace(tzinfo=COMPANY_TZ, fold=0).isoformat()


def wall_bound(text: str, end_of_day: bool = False) -> str:
    """A FromModifiedDate/ToModifiedDate as QuickBooks reads it: local wall time, whatever
    offset it carries."""
    if len(text) == 10:
        text += "T23:59:59" if end_of_day else "T00:00:00"
    return datetime.fromisoformat(text).replace(tzinfo=None).isoformat()


def parse_time(text: str, end_of_day: bool = False) -> float:
    """Epoch seconds of a qbXML DATETIMETYPE or DATETYPE; no offset means company time."""
    if len(text) == 10:
        text += "T23:59:59" if end_of_day else "T00:00:00"
    stamp = datetime.fromisoformat(text)
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=COMPANY_TZ)
    return stamp.timestamp()


class Company:
    """Records live in plain dicts; keys starting with "_" are internal, never serialised."""

    def __init__(self, clock: Callable[[], float]) -> None:
        self.clock = clock
        self.records: dict[str, dict[str, Record]] = {name: {} for name in ENTITIES}
        self.names: dict[str, dict[str, tuple[str, str]]] = {}  # namespace -> key -> (entity, id)
        self._list_seq = 0
        self._txn_seq = 0
        self.txn_number = 0
        self._last_epoch = 0
        self.version = 0  # bumps on every write; query snapshots compare it
        # How many records refer to each ListID (QuickBooks refuses to delete what is used).
        self.uses: Counter[str] = Counter()
        # List records in QuickBooks' query order, kept sorted: [(sort key, ListID)].
        self._order: dict[str, SortedIndex] = {}
        # IDs of inactive list records per entity (ActiveStatus filters without a scan).
        self._inactive: dict[str, set[str]] = {name: set() for name in ENTITIES}
        # Custom fields: definitions by (OwnerID, lower-case name); the company's own values.
        self.data_ext_defs: dict[tuple[str, str], Record] = {}
        self.data_ext_seq = 0
        self.company_data_ext: Record = {"DataExtRet": []}
        # Deletions QuickBooks remembers (TxnDeletedQuery / ListDeletedQuery; deleted.py).
        self.deleted: list[Record] = []

    # --- ids and stamps ---------------------------------------------------------------
    def now(self) -> int:
        """Seconds, strictly increasing across writes so EditSequence always changes."""
        epoch = max(int(self.clock()), self._last_epoch + 1)
        self._last_epoch = epoch
        return epoch

    def new_id(self, kind: str, epoch: int) -> str:
        if kind == "list":
            self._list_seq += 1
            return f"{0x80000000 + self._list_seq:X}-{epoch}"
        self._txn_seq += 1
        return f"{0x1000 + self._txn_seq:X}-{epoch}"

    @staticmethod
    def stamp(record: Record, epoch: int, created: bool = False) -> None:
        text = format_time(epoch)
        if created:
            record["TimeCreated"] = text
        record["TimeModified"] = text
        record["EditSequence"] = str(epoch)
        record["_modified"] = epoch
        record["_wall"] = wall_time(epoch)

    # --- lookups ------------------------------------------------------------------------
    def get(self, entity: str, record_id: str) -> Record | None:
        return self.records[entity].get(record_id)

    def by_id(self, entities: Iterable[str], record_id: str) -> tuple[str, Record] | None:
        for name in entities:
            record = self.records[name].get(record_id)
            if record is not None:
                return name, record
        return None

    def by_full_name(self, entities: Iterable[str], full_name: str) -> tuple[str, Record] | None:
        entities = tuple(entities)
        namespace = ENTITIES[entities[0]].namespace
        hit = self.names.get(namespace, {}).get(full_name.lower())
        if hit and hit[0] in entities:
            return hit[0], self.records[hit[0]][hit[1]]
        return None

    def find(self, entities: Iterable[str], ref: Record) -> tuple[str, Record] | None:
        entities = tuple(entities)
        if ref.get("ListID"):
            return self.by_id(entities, ref["ListID"])
        if ref.get("FullName"):
            return self.by_full_name(entities, ref["FullName"])
        return None

    # --- names --------------------------------------------------------------------------
    def name_key(self, entity: str, record: Record) -> tuple[str, str]:
        return ENTITIES[entity].namespace, record["_full"].lower()

    def name_taken(self, entity: str, full_name: str, except_id: str = "") -> bool:
        hit = self.names.get(ENTITIES[entity].namespace, {}).get(full_name.lower())
        return hit is not None and hit[1] != except_id

    def index(self, entity: str, record: Record, record_id: str) -> None:
        namespace, key = self.name_key(entity, record)
        self.names.setdefault(namespace, {})[key] = (entity, record_id)

    def unindex(self, entity: str, record: Record) -> None:
        namespace, key = self.name_key(entity, record)
        self.names.get(namespace, {}).pop(key, None)

    def insert(self, entity: str, record: Record, record_id: str) -> None:
        self.records[entity][record_id] = record
        if "_full" in record:
            self.index(entity, record, record_id)
            order = self._order.get(entity)
            if order is not None:
                order.add(sort_key(record), record_id)
        self._track_active(entity, record, record_id)
        self.count_uses(record, 1)
        self.version += 1

    def remove(self, entity: str, record_id: str) -> Record:
        record = self.records[entity].pop(record_id)
        if "_full" in record:
            self.unindex(entity, record)
            self._unorder(entity, record, record_id)
        self._inactive[entity].discard(record_id)
        self.count_uses(record, -1)
        self.version += 1
        return record

    def replace(self, entity: str, record: Record, updated: Record) -> None:
        """Put ``updated`` in place of ``record`` (same ID), keeping every index right."""
        record_id = record.get("ListID") or record["TxnID"]
        self.count_uses(record, -1)
        if "_full" in record:
            self.unindex(entity, record)
            self._unorder(entity, record, record_id)
        record.clear()
        record.update(updated)
        if "_full" in record:
            self.index(entity, record, record_id)
            order = self._order.get(entity)
            if order is not None:
                order.add(sort_key(record), record_id)
        self._track_active(entity, record, record_id)
        self.count_uses(record, 1)
        self.version += 1

    def _track_active(self, entity: str, record: Record, record_id: str) -> None:
        if record.get("IsActive") == "false":
            self._inactive[entity].add(record_id)
        else:
            self._inactive[entity].discard(record_id)

    def inactive_ids(self, entities: Iterable[str]) -> set[str]:
        names = tuple(entities)
        if len(names) == 1:
            return self._inactive[names[0]]
        return set().union(*(self._inactive[n] for n in names))

    # --- query order ----------------------------------------------------------------------
    def build_order(self) -> None:
        """Sort every list once (after seeding); inserts and renames keep it sorted."""
        for entity in self.records:
            if ENTITIES[entity].kind == "list":
                self.build_order_of(entity)

    def build_order_of(self, entity: str) -> None:
        rows = self.records[entity]
        self._order[entity] = SortedIndex((sort_key(r), rid) for rid, r in rows.items())

    def _index_of(self, entity: str) -> SortedIndex:
        if entity not in self._order:
            self.build_order_of(entity)
        return self._order[entity]

    def ordered_ids(self, entity: str) -> list[str]:
        """IDs of one list in QuickBooks' order (a fresh list: safe to keep)."""
        return self._index_of(entity).ids()

    def ordered(self, entities: Iterable[str]) -> Iterator[tuple[str, str]]:
        """(entity, ID) of list records in QuickBooks' order, several lists merged."""
        streams = [self._index_of(entity).tagged(entity) for entity in entities]
        for _key, entity, record_id in heapq.merge(*streams):
            yield entity, record_id

    def _unorder(self, entity: str, record: Record, record_id: str) -> None:
        order = self._order.get(entity)
        if order is not None and not order.discard(sort_key(record), record_id):
            self.build_order_of(entity)  # the key changed behind our back: rebuild

    # --- use counts -----------------------------------------------------------------------
    def count_uses(self, record: Record, delta: int) -> None:
        for list_id in referenced_ids(record):
            self.uses[list_id] += delta

    # --- references ---------------------------------------------------------------------
    def resolve_refs(self, record: Record, owner: str) -> None:
        """Give every known *Ref both ListID and FullName, or fail with 3140."""
        for key, value in record.items():
            if isinstance(value, list):
                for item in value:
                    if isinstance(item, dict):
                        self.resolve_refs(item, owner)
            elif isinstance(value, dict):
                if key in REFS or key == "ParentRef":
                    record[key] = self.resolve(key, value, owner)
                else:
                    self.resolve_refs(value, owner)

    def resolve(self, key: str, ref: Record, owner: str) -> Record:
        entities, word = REFS.get(key, ((owner,), owner))
        hit = self.find(entities, ref)
        if hit is None:
            shown = ref.get("FullName") or ref.get("ListID", "")
            raise status(3140, object=word, value=shown, field=owner.removesuffix("Line"))
        target = hit[1]
        return {"ListID": target["ListID"], "FullName": target.get("_full", target.get("Name"))}


def referenced_ids(record: Record) -> Iterator[str]:
    """ListIDs of every *Ref in a record, its lines included."""
    for key, value in record.items():
        if isinstance(value, dict):
            if key.endswith("Ref") and value.get("ListID"):
                yield value["ListID"]
            else:
                yield from referenced_ids(value)
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, dict):
                    yield from referenced_ids(item)


def utc_now() -> float:
    return datetime.now(UTC).timestamp()
