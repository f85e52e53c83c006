"""Names and numbers the sample company is made of (Rock Castle Construction style)."""

ACCOUNTS = [  # (name, type, special)
    ("Checking", "Bank", ""),
    ("Savings", "Bank", ""),
    ("Accounts Receivable", "AccountsReceivable", "AccountsReceivable"),
    ("Undeposited Funds", "OtherCurrentAsset", "UndepositedFunds"),
    ("Inventory Asset", "OtherCurrentAsset", "InventoryAssets"),
    ("Accounts Payable", "AccountsPayable", "AccountsPayable"),
    ("Sales Tax Payable", "OtherCurrentLiability", "SalesTaxPayable"),
    ("Opening Balance Equity", "Equity", "OpeningBalanceEquity"),
    ("Construction Income", "Income", ""),
    ("Reimbursement Income", "Income", ""),
    ("Cost of Goods Sold", "CostOfGoodsSold", "CostOfGoodsSold"),
    ("Job Expenses", "Expense", ""),
    ("Automobile", "Expense", ""),
    ("Utilities", "Expense", ""),
    ("Rent", "Expense", ""),
    ("Insurance", "Expense", ""),
    ("Office Supplies", "Expense", ""),
    ("Repairs", "Expense", ""),
    ("Interest Income", "OtherIncome", ""),
]
FIRST = (
    "Anna Ben Carla David Elena Frank Grace Henry Iris Jack Kara Liam Maya Noah Olga Paul "
    "Quinn Rosa Sam Tina Uma Victor Wendy Xavier Yara Zane"
).split()
LAST = (
    "Abercrombie Baker Castillo Duncan Ellis Fisher Garcia Hughes Ingram Jacobs Keller Lopez "
    "Morgan Nguyen Owens Patel Quintero Reyes Sato Turner Underwood Vasquez Walker Young "
    "Zimmerman"
).split()
CITIES = [
    ("Middlefield", "CA", "94482"),
    ("Bayshore", "CA", "94326"),
    ("Menlo Park", "CA", "94025"),
    ("Sunnyvale", "CA", "94086"),
    ("Redwood City", "CA", "94063"),
]
JOBS = ("Kitchen", "Remodel Bathroom", "Family Room", "Deck", "Garage", "Roof Repair")
SERVICES = (
    "Framing",
    "Installation",
    "Labor",
    "Painting",
    "Plumbing",
    "Removal",
    "Repairs",
    "Subcontractor",
    "Tile Work",
    "Concrete",
    "Drywall",
    "Electrical",
    "Design",
)
MATERIALS = (
    "Cabinets",
    "Lumber",
    "Door Frame",
    "Hardware",
    "Lighting",
    "Paint",
    "Tile",
    "Window",
    "Flooring",
    "Countertop",
    "Faucet",
    "Sink",
)
