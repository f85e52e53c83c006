"""SDK report query parameters -> a qbXML `{Kind}ReportQueryRq`, every parameter checked
against the schema of that request (a bad one: ReportParamError naming it, nothing sent)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from nxus.qbxml import spec, versions
from nxus.qbxml.builder import QbxmlBuildError, RequestSpec, build_request
from nxus.resources.model import ResourceValidationError
from nxus.resources.request import reference, simple_value

# URL slug -> qbXML report kind ({Kind}ReportQueryRq)
KINDS: dict[str, str] = {
    "aging": "Aging",
    "general-summary": "GeneralSummary",
    "general-detail": "GeneralDetail",
    "budget-summary": "BudgetSummary",
    "job": "Job",
    "time": "Time",
    "custom-summary": "CustomSummary",
    "custom-detail": "CustomDetail",
    "payroll-detail": "PayrollDetail",
}


class ReportParamError(ValueError):
    def __init__(self, param: str, message: str) -> None:
        super().__init__(f"{param}: {message}")
        self.param = param
        self.message = message


@dataclass(frozen=True)
class Param:
    path: str  # element path inside the request ("{kind}" -> the report kind)
    read: str = "one"  # "one", "list" (repeated or comma separated), "refs", "bool"


PARAMS: dict[str, Param] = {
    "reportType": Param("{kind}ReportType"),
    "period": Param("ReportDateMacro"),
    "fromReportDate": Param("ReportPeriod/FromReportDate"),
    "toReportDate": Param("ReportPeriod/ToReportDate"),
    "summarizeColumnsBy": Param("SummarizeColumnsBy"),
    "summarizeRowsBy": Param("SummarizeRowsBy"),
    "summarizeBudgetColumnsBy": Param("SummarizeBudgetColumnsBy"),
    "summarizeBudgetRowsBy": Param("SummarizeBudgetRowsBy"),
    "fiscalYear": Param("FiscalYear"),
    "budgetCriterion": Param("BudgetCriterion"),
    "reportBasis": Param("ReportBasis"),
    "includeColumns": Param("IncludeColumn", "list"),
    "includeAccounts": Param("IncludeAccounts"),
    "includeSubcolumns": Param("IncludeSubcolumns", "bool"),
    "reportCalendar": Param("ReportCalendar"),
    "returnRows": Param("ReturnRows"),
    "returnColumns": Param("ReturnColumns"),
    "agingAsOf": Param("ReportAgingAsOf"),
    "openBalanceAsOf": Param("ReportOpenBalanceAsOf"),
    "detailLevel": Param("ReportDetailLevelFilter"),
    "postingStatus": Param("ReportPostingStatusFilter"),
    "accountType": Param("ReportAccountFilter/AccountTypeFilter"),
    "accountIds": Param("ReportAccountFilter", "refs"),
    "entityType": Param("ReportEntityFilter/EntityTypeFilter"),
    "entityIds": Param("ReportEntityFilter", "refs"),
    "itemType": Param("ReportItemFilter/ItemTypeFilter"),
    "itemIds": Param("ReportItemFilter", "refs"),
    "classIds": Param("ReportClassFilter", "refs"),
    "transactionTypes": Param("ReportTxnTypeFilter/TxnTypeFilter", "list"),
    "updatedAfter": Param("ReportModifiedDateRangeFilter/FromReportModifiedDate"),
    "updatedBefore": Param("ReportModifiedDateRangeFilter/ToReportModifiedDate"),
}


def request_name(kind: str) -> str:
    return f"{kind}ReportQueryRq"


def applicable(kind: str) -> dict[str, Param]:
    """The parameters a report kind takes (the ones whose element its request has)."""
    rq = request_name(kind)
    out = {}
    for name, param in PARAMS.items():
        path = param.path.replace("{kind}", kind)
        if spec.exists(f"{rq}/{path.split('/')[0]}") and spec.exists(f"{rq}/{path}"):
            out[name] = Param(path, param.read)
    return out


def _values(raw: Any) -> list[str]:
    items = raw if isinstance(raw, list) else [raw]
    return [v.strip() for item in items for v in str(item).split(",") if v.strip()]


def _place(body: dict[str, Any], path: str, value: Any) -> None:
    steps = path.split("/")
    target = body
    for step in steps[:-1]:
        target = target.setdefault(step, {})
    target[steps[-1]] = value


def _check(kind: str, params: Mapping[str, Any], table: dict[str, Param]) -> None:
    """Unknown parameters, parameters of other kinds, and combinations QuickBooks refuses."""
    for name in params:
        if name not in table:
            if name in PARAMS:
                raise ReportParamError(name, f"is not a parameter of {kind} reports")
            raise ReportParamError(name, "unknown report parameter")
    if "period" in params and ("fromReportDate" in params or "toReportDate" in params):
        raise ReportParamError(
            "period", "send either period (a date macro) or fromReportDate/toReportDate"
        )
    start, end = params.get("fromReportDate"), params.get("toReportDate")
    if isinstance(start, str) and isinstance(end, str) and start > end:
        raise ReportParamError("fromReportDate", "must not be after toReportDate")
    rq = request_name(kind)
    required = {c.name for c in spec.children(rq) if c.min_occurs}
    for name, param in table.items():
        if param.path in required and params.get(name) in (None, "", []):
            allowed = ", ".join(v for v in spec.enum_values(f"{rq}/{param.path}") or () if v)
            hint = f": one of {allowed}" if allowed else ""
            raise ReportParamError(name, f"is required for {kind} reports{hint}")


def _value(rq: str, name: str, param: Param, raw: Any, body: dict[str, Any]) -> None:
    full = f"{rq}/{param.path}"
    if param.read == "refs":
        ids = _values(raw)
        if not ids:
            raise ReportParamError(name, "must name at least one id")
        refs = [reference(v) for v in ids]
        key = "ListID" if all("ListID" in r for r in refs) else "FullName"
        _place(body, f"{param.path}/{key}", [next(iter(r.values())) for r in refs])
    elif param.read == "list":
        _place(body, param.path, [simple_value(full, v, name) for v in _values(raw)])
    elif param.read == "bool":
        text = str(raw).lower()
        if text not in ("true", "false"):
            raise ReportParamError(name, "must be true or false")
        _place(body, param.path, text == "true")
    else:
        value = raw[-1] if isinstance(raw, list) else raw
        _place(body, param.path, simple_value(full, _typed(full, value, name), name))


def _typed(full: str, value: Any, name: str) -> Any:
    """Query strings carry text: a whole number where the schema has an integer."""
    simple = spec.simple_type(full)
    if simple is None or simple.base != "INTTYPE" or not isinstance(value, str):
        return value
    try:
        return int(value)
    except ValueError:
        raise ReportParamError(name, "must be a whole number") from None


def query_body(kind: str, params: Mapping[str, Any]) -> dict[str, Any]:
    """The `{Kind}ReportQueryRq` body; ReportParamError names the parameter at fault."""
    table = applicable(kind)
    _check(kind, params, table)
    body: dict[str, Any] = {}
    for name, raw in params.items():
        try:
            _value(request_name(kind), name, table[name], raw, body)
        except ResourceValidationError as exc:
            raise ReportParamError(name, exc.message) from None
    return body


def build(kind: str, params: Mapping[str, Any], version: str) -> bytes:
    """The request document at `version` (QbxmlBuildError -> ReportParamError)."""
    body = query_body(kind, params)
    try:
        return build_request(version, [RequestSpec(request_name(kind), body, {"requestID": "1"})])
    except QbxmlBuildError as exc:
        first = exc.path.split("/")[1] if "/" in exc.path else exc.path
        name = next((n for n, p in applicable(kind).items() if p.path.startswith(first)), first)
        if exc.needs_version and exc.path == request_name(kind):  # the report itself
            slug = next(s for s, k in KINDS.items() if k == kind)
            name = f"GET /api/v1/reports/{slug}"
        message = versions.needs(exc.needs_version, version) if exc.needs_version else exc.message
        raise ReportParamError(name or "reportType", message) from None
