"""The list filters of the API (SPEC §2.3 and the hosted spellings) as data: parameter ->
where it goes in a XxxQueryRq and how its text is read. `query.py` applies the table."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Filter:
    """A list parameter.

    `paths`: candidate element paths inside the query, the first one the query has is used
    ("{id}" -> ListID or TxnID); a resource whose query has none of them refuses the
    parameter ("is not a filter of"). `read` names the reader; `match` is the MatchCriterion
    of a NameFilter/RefNumberFilter; `operator` the Operator of an amount filter; `values`
    maps the API's spelling of an enumeration to QuickBooks' (the schema's own values are
    also taken, and the snake_case of each); `field`: only on resources whose records have
    that JSON field (`customerIds` on sales, `vendorIds` on purchases).
    """

    paths: tuple[str, ...]
    read: str
    match: str | None = None
    operator: str | None = None
    values: Mapping[str, str | tuple[str, ...]] = field(default_factory=dict)
    field: str | None = None


def _f(*paths: str, read: str = "one", **kw: object) -> Filter:
    return Filter(paths, read, **kw)  # type: ignore[arg-type]


_MODIFIED = ("ModifiedDateRangeFilter", "", "TransactionModifiedDateRangeFilter")
_TXN_DATE = ("TxnDateRangeFilter", "TransactionDateRangeFilter")
_ENTITY = ("EntityFilter", "TransactionEntityFilter", "TimeTrackingEntityFilter")
_STATUS = {"active": "ActiveOnly", "inactive": "InactiveOnly", "all": "All"}
# TransactionQuery spells PaidStatus Closed/Open/Either: the first value the schema has wins.
_PAID = {
    "paid": ("PaidOnly", "Closed"),
    "not_paid": ("NotPaidOnly", "Open"),
    "unpaid": ("NotPaidOnly", "Open"),
    "all": ("All", "Either"),
}
_PENDING = {"pending": "PendingOnly", "not_pending": "NotPendingOnly", "all": "All"}
_POSTING = {"posting": "Posting", "non_posting": "NonPosting", "either": "Either"}
# TransactionQuery's rows: a summary per transaction, a row per line, or both.
_DETAIL = {"summaryOnly": "SummaryOnly", "allExceptSummary": "AllExceptSummary", "all": "All"}


def _join(prefix: str, leaf: str) -> str:
    return f"{prefix}/{leaf}" if prefix else leaf


FILTERS: dict[str, Filter] = {
    "ids": _f("{id}", read="list"),
    "names": _f("FullName", read="list"),
    "refNumbers": _f("RefNumber", read="list"),
    "limit": _f("MaxReturned", read="int"),
    "status": _f("ActiveStatus", read="enum", values=_STATUS),
    "ActiveStatus": _f("ActiveStatus", read="enum", values=_STATUS),  # the hosted spelling
    "updatedAfter": _f(*(_join(p, "FromModifiedDate") for p in _MODIFIED)),
    "updatedBefore": _f(*(_join(p, "ToModifiedDate") for p in _MODIFIED)),
    "fromTransactionDate": _f(*(f"{p}/FromTxnDate" for p in _TXN_DATE)),
    "toTransactionDate": _f(*(f"{p}/ToTxnDate" for p in _TXN_DATE)),
    "transactionDateFrom": _f(*(f"{p}/FromTxnDate" for p in _TXN_DATE)),
    "transactionDateTo": _f(*(f"{p}/ToTxnDate" for p in _TXN_DATE)),
    "entityIds": _f(*_ENTITY, read="ref"),
    "customerIds": _f(*_ENTITY, read="ref", field="customer"),
    "vendorIds": _f(*_ENTITY, read="ref", field="vendor"),
    "accountIds": _f("AccountFilter", "TransactionAccountFilter", read="ref"),
    "itemIds": _f("ItemFilter", "TransactionItemFilter", "ItemRef", read="ref"),
    "classIds": _f("ClassFilter", "TransactionClassFilter", read="ref"),
    "currencyIds": _f("CurrencyFilter", read="ref"),
    "nameContains": _f("NameFilter", match="Contains"),
    "nameStartsWith": _f("NameFilter", match="StartsWith"),
    "nameEndsWith": _f("NameFilter", match="EndsWith"),
    "NameFilter": _f("NameFilter", read="namefilter"),  # the hosted spelling
    "nameFrom": _f("NameRangeFilter/FromName"),
    "nameTo": _f("NameRangeFilter/ToName"),
    "refNumberContains": _f("RefNumberFilter", match="Contains"),
    "refNumberStartsWith": _f("RefNumberFilter", match="StartsWith"),
    "refNumberEndsWith": _f("RefNumberFilter", match="EndsWith"),
    "refNumberFrom": _f("RefNumberRangeFilter/FromRefNumber"),
    "refNumberTo": _f("RefNumberRangeFilter/ToRefNumber"),
    "totalBalance": _f("TotalBalanceFilter", read="amount", operator="Equal"),
    "totalBalanceGreaterThan": _f("TotalBalanceFilter", read="amount", operator="GreaterThan"),
    "totalBalanceGreaterThanOrEqualTo": _f(
        "TotalBalanceFilter", read="amount", operator="GreaterThanEqual"
    ),
    "totalBalanceLessThan": _f("TotalBalanceFilter", read="amount", operator="LessThan"),
    "totalBalanceLessThanOrEqualTo": _f(
        "TotalBalanceFilter", read="amount", operator="LessThanEqual"
    ),
    "paymentStatus": _f("PaidStatus", "TransactionPaidStatusFilter", read="enum", values=_PAID),
    "accountType": _f("AccountType", read="enum"),
    "paymentMethodType": _f("PaymentMethodType", read="enum"),
    "transactionTypes": _f("TransactionTypeFilter/TxnTypeFilter", read="enums"),
    "postingStatus": _f("TransactionPostingStatusFilter", read="enum", values=_POSTING),
    "pendingStatus": _f("PendingStatus", read="enum", values=_PENDING),
    "detailLevel": _f("TransactionDetailLevelFilter", read="enum", values=_DETAIL),
    "DetailLevel": _f("TransactionDetailLevelFilter", read="enum", values=_DETAIL),  # hosted
    "dueDate": _f("DueDate"),
    "effectiveDateFrom": _f("FromEffectiveDate"),
    "effectiveDateTo": _f("ToEffectiveDate"),
    "includeLineItems": _f("IncludeLineItems", read="bool"),
    "includeLinkedTransactions": _f("IncludeLinkedTxns", read="bool"),
    "includeComponentLineItems": _f("IncludeComponentLineItems", read="bool"),
    "fields": _f("IncludeRetElement", read="list"),
    "ownerIds": _f("OwnerID", read="owners"),
    "vendorId": _f("PayeeEntityRef", read="oneref"),
}
