"""Build qbXML request documents from plain Python values, ordered and checked per version.

A request body is a dict of element name -> value: str/int/Decimal/float/bool/date/datetime
for simple elements, a dict for aggregates, a list for repeated elements; keys starting with
"@" are attributes of that element (e.g. {"@defMacro": "TxnID:Inv1"}).  Keys may come in any
order: children are emitted in schema order for the target version.  Errors name the field
path relative to the request (e.g. "CustomerAdd/BillAddress/Addr1") and, for elements that
only newer versions have, the version that would be needed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from lxml import etree

from nxus.qbxml import versions
from nxus.qbxml.automaton import ContentAutomaton, State
from nxus.qbxml.lexical import check_value
from nxus.qbxml.model import Child, ComplexType, SimpleType, Spec, load
from nxus.qbxml.validate import automaton_for

ON_ERROR = ("stopOnError", "continueOnError", "rollbackOnError")
# Characters XML 1.0 cannot carry (controls but tab/LF/CR, lone surrogates, U+FFFE/U+FFFF).
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_DECIMALS = {"AMTTYPE": 2, "PRICETYPE": 5, "QUANTYPE": 5, "PERCENTTYPE": 5, "FLOATTYPE": None}


class QbxmlBuildError(ValueError):
    """A request cannot be built: `path` names the field, `needs_version` a version having it."""

    def __init__(self, path: str, message: str, needs_version: str | None = None) -> None:
        super().__init__(f"{path}: {message}" if path else message)
        self.path = path
        self.message = message
        self.needs_version = needs_version


@dataclass(frozen=True)
class RequestSpec:
    name: str  # e.g. "CustomerAddRq"
    body: Mapping[str, Any] = field(default_factory=dict)
    attributes: Mapping[str, str] = field(default_factory=dict)  # requestID, iterator, ...


def build_request(
    version: str,
    requests: Sequence[RequestSpec],
    on_error: str = "stopOnError",
    new_message_set_id: str | None = None,
    old_message_set_id: str | None = None,
) -> bytes:
    """A complete qbXML request document (bytes, UTF-8) for `version`."""
    root = _request_root(version, requests, on_error, new_message_set_id, old_message_set_id)
    tree = etree.ElementTree(root)
    root.addprevious(etree.ProcessingInstruction("qbxml", f'version="{version}"'))
    # lxml writes the declaration with single quotes; QuickBooks' own samples use double.
    document: bytes = etree.tostring(tree, encoding="utf-8")
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + document


def build_request_body(
    version: str,
    requests: Sequence[RequestSpec],
    on_error: str = "stopOnError",
    new_message_set_id: str | None = None,
    old_message_set_id: str | None = None,
) -> str:
    """The `<QBXML>` element alone, as text (no declaration, no `<?qbxml?>`): what a job
    stores; the version is given again when it is sent. requestIDs come with the specs."""
    root = _request_root(version, requests, on_error, new_message_set_id, old_message_set_id)
    body: str = etree.tostring(root, encoding="unicode")
    return body


def _request_root(
    version: str,
    requests: Sequence[RequestSpec],
    on_error: str,
    new_message_set_id: str | None,
    old_message_set_id: str | None,
) -> etree._Element:
    if not versions.is_supported(version):
        raise QbxmlBuildError("", f"unsupported qbXML version {version!r}")
    if on_error not in ON_ERROR:
        raise QbxmlBuildError("@onError", f"must be one of {', '.join(ON_ERROR)}")
    root = etree.Element("QBXML")
    msgs = etree.SubElement(root, "QBXMLMsgsRq")
    if old_message_set_id is not None:
        msgs.set("oldMessageSetID", old_message_set_id)
    if new_message_set_id is not None:
        msgs.set("newMessageSetID", new_message_set_id)
    msgs.set("onError", on_error)
    builder = _Builder(load(), version)
    msgs_type = builder.schema.complex_type("QBXMLMsgsRq")
    for request in requests:
        info = msgs_type.child_map.get(request.name)
        full = f"QBXMLMsgsRq/{request.name}"
        if info is None or info.type_key is None or not builder.present(full):
            raise QbxmlBuildError(request.name, "unknown request", builder.needs(full))
        body = {f"@{k}": v for k, v in request.attributes.items()} | dict(request.body)
        builder.complex(msgs, request.name, info.type_key, body, full, "")
    return root


class _Builder:
    def __init__(self, spec: Spec, version: str) -> None:
        self.spec = spec
        self.version = version
        self.schema = spec.schema_for(version)
        self.bit = spec.bit(version)

    def present(self, full: str) -> bool:
        return bool(self.spec.mask(full) & self.bit)

    def needs(self, full: str) -> str | None:
        """The first version after ours in which `full` exists (None if none)."""
        from nxus.qbxml import spec as public

        later = [
            v
            for v in public.versions_of(full)
            if versions.version_key(v) > versions.version_key(self.version)
        ]
        return later[0] if later else None

    def complex(
        self, parent: etree._Element, name: str, key: str, body: Any, full: str, rel: str
    ) -> None:
        ctype = self.schema.complex_type(key)
        if not isinstance(body, Mapping):
            if ctype.text is None:
                raise QbxmlBuildError(rel or name, f"{name} is an aggregate: give a dict")
            body = {"#text": body}
        el = etree.SubElement(parent, name)
        for attr_name, value in body.items():
            if attr_name.startswith("@"):
                self.attribute(el, ctype, attr_name[1:], value, full, rel)
        if ctype.text is not None:
            el.text = self.format(ctype.text, body.get("#text", ""), rel or name)
            return
        children = [(k, v) for k, v in body.items() if not k.startswith("@") and v is not None]
        order = {c.name: i for i, c in enumerate(ctype.children)}
        for child_name, _ in children:
            self.check_child(ctype, child_name, f"{full}/{child_name}", _join(rel, child_name))
        children.sort(key=lambda kv: order[kv[0]])
        for child_name, value in children:
            info = ctype.child_map[child_name]
            items = value if isinstance(value, list | tuple) else [value]
            child_rel = _join(rel, child_name)
            if len(items) > 1 and not info.repeats:
                raise QbxmlBuildError(child_rel, "occurs at most once")
            for item in items:
                self.child(el, info, item, f"{full}/{child_name}", child_rel)
        self.check_model(el, ctype, full, rel)

    def check_child(self, ctype: ComplexType, name: str, full: str, rel: str) -> None:
        if name not in ctype.child_map or not self.present(full):
            needed = self.needs(full)
            if needed is not None:
                raise QbxmlBuildError(rel, f"requires qbXML {needed}", needed)
            raise QbxmlBuildError(rel, f"unknown field (qbXML {self.version})")

    def child(self, el: etree._Element, info: Child, value: Any, full: str, rel: str) -> None:
        if info.type_key is not None:
            self.complex(el, info.name, info.type_key, value, full, rel)
            return
        if isinstance(value, Mapping | list | tuple):
            raise QbxmlBuildError(rel, "expects a single value")
        sub = etree.SubElement(el, info.name)
        sub.text = self.format(info.simple, value, rel)  # type: ignore[arg-type]

    def check_model(self, el: etree._Element, ctype: ComplexType, full: str, rel: str) -> None:
        machine = automaton_for(self.spec, self.schema, ctype, full, self.bit)
        state = machine.start
        seen: list[str] = []
        for child in el:
            next_state = machine.step(state, child.tag)
            if next_state is None:
                tag = child.tag

                def fits(s: State, tag: str = tag) -> bool:
                    return machine.step(s, tag) is not None

                raise self.misfit(ctype, tag, seen, needed(machine, state, fits), rel)
            seen.append(child.tag)
            state = next_state
        if not machine.accepts(state):
            missing = needed(machine, state, machine.accepts)
            raise QbxmlBuildError(_join(rel, missing[0]), _required(missing))

    @staticmethod
    def misfit(
        ctype: ComplexType, name: str, seen: list[str], missing: list[str], rel: str
    ) -> QbxmlBuildError:
        """Explain why `name` cannot come next: repeat, choice conflict or a missing field."""
        if name in seen:
            return QbxmlBuildError(_join(rel, name), "occurs too many times")
        choice = ctype.child_map[name].choice
        rivals = [s for s in seen if choice is not None and ctype.child_map[s].choice == choice]
        if rivals or not missing:
            clash = ", ".join(dict.fromkeys(rivals or seen))
            return QbxmlBuildError(_join(rel, name), f"cannot be combined with {clash}")
        return QbxmlBuildError(_join(rel, missing[0]), _required(missing))

    def attribute(
        self, el: etree._Element, ctype: ComplexType, name: str, value: Any, full: str, rel: str
    ) -> None:
        path = _join(rel, f"@{name}")
        attr = ctype.attributes.get(name)
        if attr is None or not self.present(f"{full}/@{name}"):
            needed = self.needs(f"{full}/@{name}")
            raise QbxmlBuildError(path, f"unknown attribute (qbXML {self.version})", needed)
        if value is not None:
            el.set(name, self.format(attr.type, value, path))

    def format(self, simple: SimpleType, value: Any, rel: str) -> str:
        text = _to_text(simple, value, rel)
        bad = NOT_XML.search(text)
        if bad is not None:  # lxml would refuse it (ValueError), XML 1.0 cannot carry it
            raise QbxmlBuildError(
                rel, f"contains {bad.group()!r} at position {bad.start()}, not allowed in XML"
            )
        problem = check_value(simple, text, check_length=True)
        if problem is not None:
            raise QbxmlBuildError(rel, problem)
        return text


def needed(machine: ContentAutomaton, state: State, goal: Callable[[State], bool]) -> list[str]:
    """The elements that must come next to reach a state satisfying `goal`.

    A breadth-first search over the automaton: the first steps of the shortest ways to the goal.
    That is the missing required element, or every member of a required choice (InvoiceLineAdd
    or InvoiceLineGroupAdd) - never the optional elements that may precede them, which
    `expected` would also list.  Empty if the goal cannot be reached.
    """
    order = machine.expected(state)
    level: dict[State, set[str]] = {}
    for name in order:
        after = machine.step(state, name)
        if after is not None:
            level.setdefault(after, set()).add(name)
    visited = {state} | set(level)
    while level:
        reached = set().union(*(firsts for s, firsts in level.items() if goal(s)))
        if reached:
            return [name for name in order if name in reached]
        following: dict[State, set[str]] = {}
        for current, firsts in level.items():
            for name in machine.expected(current):
                after = machine.step(current, name)
                if after is not None and after not in visited:
                    following.setdefault(after, set()).update(firsts)
        visited |= set(following)
        level = following
    return []


def _required(missing: list[str]) -> str:
    if len(missing) == 1:
        return "required"
    return f"required (one of: {', '.join(missing)})"


def _join(rel: str, name: str) -> str:
    return f"{rel}/{name}" if rel else name


def _to_text(simple: SimpleType, value: Any, rel: str) -> str:
    base = simple.base
    if isinstance(value, bool):
        if base != "BOOLTYPE":
            raise QbxmlBuildError(rel, f"a boolean is not a {base} value")
        return "true" if value else "false"
    if isinstance(value, datetime):
        if base == "DATETYPE":
            return value.date().isoformat()
        text = value.replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%S")
        offset = value.strftime("%z")
        return text + (f"{offset[:3]}:{offset[3:5]}" if offset else "")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int | float | Decimal) and base in _DECIMALS:
        return _decimal_text(base, value, rel)
    if isinstance(value, int | str | Decimal):
        return str(value)
    raise QbxmlBuildError(rel, f"cannot use a {type(value).__name__} as {base}")


def _decimal_text(base: str, value: int | float | Decimal, rel: str) -> str:
    try:
        number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    except InvalidOperation:
        raise QbxmlBuildError(rel, f"{value!r} is not a number") from None
    if not number.is_finite():
        raise QbxmlBuildError(rel, f"{value!r} is not a finite number")
    places = _DECIMALS[base]
    if places is None:
        return f"{number:f}"
    quantum = Decimal(1).scaleb(-places)
    rounded = number.quantize(quantum) if base == "AMTTYPE" else number.normalize()
    if rounded != number or -rounded.as_tuple().exponent > places:  # type: ignore[operator]
        raise QbxmlBuildError(rel, f"{value} has more than {places} decimal places")
    return f"{rounded:f}"
