"""EmployeeAdd without a Name (QuickBooks Desktop builds it) and queries with metaData."""

from __future__ import annotations

import pytest
from lxml import etree

from nxus.simulator.quickbooks import SimulatedQuickBooks
from tests.unit.simulator.sim_helpers import FakeClock, ask, rs


@pytest.fixture
def qb() -> SimulatedQuickBooks:
    return SimulatedQuickBooks(seed=3, records=600, clock=FakeClock())


def _employee_add(parts: str) -> str:
    return f"<EmployeeAddRq><EmployeeAdd>{parts}</EmployeeAdd></EmployeeAddRq>"


def test_employee_add_builds_the_name_from_first_middle_and_last(qb: SimulatedQuickBooks) -> None:
    added = rs(
        ask(
            qb,
            _employee_add(
                "<FirstName>Ada</FirstName><MiddleName>B.</MiddleName><LastName>Lovelace</LastName>"
            ),
        )
    )
    assert added.get("statusCode") == "0", added.get("statusMessage")
    ret = added.find("EmployeeRet")
    assert ret.findtext("Name") == "Ada B. Lovelace"
    list_id, edit = ret.findtext("ListID"), ret.findtext("EditSequence")
    found = rs(ask(qb, "<EmployeeQueryRq><FullName>Ada B. Lovelace</FullName></EmployeeQueryRq>"))
    assert found.findtext("EmployeeRet/ListID") == list_id
    mod = (
        f"<EmployeeModRq><EmployeeMod><ListID>{list_id}</ListID><EditSequence>{edit}"
        "</EditSequence><LastName>King</LastName></EmployeeMod></EmployeeModRq>"
    )
    modded = rs(ask(qb, mod))
    assert modded.findtext("EmployeeRet/Name") == "Ada B. King"


def test_employee_names_share_the_name_list(qb: SimulatedQuickBooks) -> None:
    assert rs(ask(qb, _employee_add("<LastName>Solo</LastName>"))).get("statusCode") == "0"
    again = rs(ask(qb, _employee_add("<LastName>Solo</LastName>")))
    assert again.get("statusCode") == "3100"
    nameless = rs(ask(qb, _employee_add("<Salutation>Dr.</Salutation>")))
    assert nameless.get("statusCode") == "3180"


def _count_query(meta: str, body: str = "") -> str:
    return f'<CustomerQueryRq metaData="{meta}">{body}</CustomerQueryRq>'


def _customers(qb: SimulatedQuickBooks) -> list[etree._Element]:
    return list(rs(ask(qb, "<CustomerQueryRq/>")))


def test_metadata_only_answers_ret_count_without_records(qb: SimulatedQuickBooks) -> None:
    total = len(_customers(qb))
    only = rs(ask(qb, _count_query("MetaDataOnly")))
    assert (only.get("statusCode"), only.get("retCount")) == ("0", str(total))
    assert len(only) == 0
    both = rs(ask(qb, _count_query("MetaDataAndResponseData", "<MaxReturned>3</MaxReturned>")))
    assert both.get("retCount") == "3" and len(both) == 3
    plain = rs(ask(qb, _count_query("NoMetaData")))
    assert plain.get("retCount") is None and len(plain) == total


def test_metadata_only_with_no_match_is_status_1_with_a_zero_count(
    qb: SimulatedQuickBooks,
) -> None:
    nobody = "<NameFilter><MatchCriterion>StartsWith</MatchCriterion><Name>zzz</Name></NameFilter>"
    empty = rs(ask(qb, _count_query("MetaDataOnly", nobody)))
    assert (empty.get("statusCode"), empty.get("retCount"), len(empty)) == ("1", "0", 0)


def test_an_add_of_no_fields_is_refused_not_a_crash(qb: SimulatedQuickBooks) -> None:
    """An empty <EmployeeAdd/> (POST /employee with {}: found by the OpenAPI fuzzing run)
    parses as text; QuickBooks answers a status, the simulator must not fail."""
    empty = rs(ask(qb, "<EmployeeAddRq><EmployeeAdd/></EmployeeAddRq>"))
    assert empty.get("statusCode") == "3180"
