"""The simulated QuickBooks Desktop (see docs/simulator.md)."""

from .engine import SimulatedQuickBooks
from .status import QuickBooksError

__all__ = ["QuickBooksError", "SimulatedQuickBooks"]
