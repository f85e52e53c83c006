"""Public entry point: ``from nxus.simulator.quickbooks import SimulatedQuickBooks``."""

from nxus.simulator.qb import QuickBooksError, SimulatedQuickBooks
from nxus.simulator.qb.iterators import DEFAULT_ITERATOR_TTL
from nxus.simulator.qb.status import (
    HRESULT_CANNOT_START,
    HRESULT_OTHER_FILE_OPEN,
    HRESULT_PARSE_ERROR,
    HRESULT_WRONG_MODE,
)

__all__ = [
    "DEFAULT_ITERATOR_TTL",
    "HRESULT_CANNOT_START",
    "HRESULT_OTHER_FILE_OPEN",
    "HRESULT_PARSE_ERROR",
    "HRESULT_WRONG_MODE",
    "QuickBooksError",
    "SimulatedQuickBooks",
]
