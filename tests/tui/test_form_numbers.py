"""Edit forms never change a number the user didn't touch: every number field is filled with the stored value's
exact digits, so opening a form, changing only the title or name and saving writes the numbers back bit for bit.

Records with 99999.99, 12.34567, 1e-7 and 123456789.123 (which a 4-significant-digit display shows as 100000, 12.35,
1e-07 and 1.235e+08) are created through the services in a real data file; the stored JSON is compared to the literals.
"""

from __future__ import annotations

import pytest

from okrtui.formatting import exact
from okrtui.services import kpis, okrs
from okrtui.services.workspace import parse_number
from okrtui.tui.modals.forms import KeyResultForm, KpiForm
from okrtui.tui.screens.main import MainScreen

KPI_NUMBERS = {
    "K-6": {"direction": "up", "target": "99999.99", "warn": "12.34567"},
    "K-7": {"direction": "down", "target": "0.0000001", "warn": "123456789.123"},
}
KR_NUMBERS = {  # the demo has KR-1..KR-16 (O-6 and O-7 added KR-11..KR-16), so the next two are KR-17 and KR-18
    "KR-17": {"start": "0.0000001", "target": "123456789.123", "weight": "12.34567"},
    "KR-18": {"start": "99999.99", "target": "12.34567", "weight": "0.0000001"},
}


@pytest.fixture
def precise_file(demo_file, other_ws):
    """The demo file plus K-6, K-7 and O-2's KR-17, KR-18 holding the numbers above."""
    ws = other_ws(demo_file, "bob")
    for kpi_id, numbers in KPI_NUMBERS.items():
        saved = kpis.add_kpi(
            ws, f"Precise {kpi_id}", target=numbers["target"], warn=numbers["warn"], direction=numbers["direction"]
        )
        assert saved.id == kpi_id
    for kr_id, numbers in KR_NUMBERS.items():
        saved = okrs.add_kr(
            ws, "O-2", f"Precise {kr_id}", start=numbers["start"], target=numbers["target"], weight=numbers["weight"]
        )
        assert saved.id == kr_id
    return demo_file


@pytest.mark.parametrize("kpi_id", list(KPI_NUMBERS))
async def test_a_kpi_edit_of_the_name_keeps_every_number(precise_file, app_for, ui, kpi_id):
    before = ui.record(precise_file, kpi_id)
    app = app_for(precise_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await ui.settle(pilot)
        await ui.goto(pilot, "kpis", kpi_id)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, KpiForm)
        shown = {name: ui.field(pilot, name) for name in ("target", "warn")}
        assert shown == {name: KPI_NUMBERS[kpi_id][name] for name in ("target", "warn")}
        await ui.fill(pilot, "name", "Renamed")
        await pilot.press("ctrl+s")
        await ui.settle(pilot)
        assert isinstance(app.screen, MainScreen)

    stored = ui.record(precise_file, kpi_id)
    assert stored["name"] == "Renamed"
    assert stored["target"] == float(KPI_NUMBERS[kpi_id]["target"])
    assert stored["warn"] == float(KPI_NUMBERS[kpi_id]["warn"])
    assert (stored["target"], stored["warn"]) == (before["target"], before["warn"])


@pytest.mark.parametrize("kr_id", list(KR_NUMBERS))
async def test_a_key_result_edit_of_the_title_keeps_every_number(precise_file, app_for, ui, kr_id):
    before = ui.record(precise_file, kr_id)
    app = app_for(precise_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await ui.settle(pilot)
        await ui.goto(pilot, "objectives", "O-2")
        await ui.goto(pilot, "krs", kr_id)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, KeyResultForm)
        shown = {name: ui.field(pilot, name) for name in ("start", "target", "weight")}
        assert shown == KR_NUMBERS[kr_id]
        await ui.fill(pilot, "title", "Renamed")
        await pilot.press("ctrl+s")
        await ui.settle(pilot)
        assert isinstance(app.screen, MainScreen)

    stored = ui.record(precise_file, kr_id)
    assert stored["title"] == "Renamed"
    assert {name: stored[name] for name in ("start", "target", "weight")} == {
        name: float(text) for name, text in KR_NUMBERS[kr_id].items()
    }
    numbers = ("start", "target", "weight")
    assert [stored[name] for name in numbers] == [before[name] for name in numbers]


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (99999.99, "99999.99"),
        (12.34567, "12.34567"),
        (1e-7, "0.0000001"),
        (123456789.123, "123456789.123"),
        (1234567.891, "1234567.891"),
        (0.000123, "0.000123"),
        (38.0, "38"),
        (38, "38"),
        (-2.5, "-2.5"),
        (0.0, "0"),
        (1e15, "1000000000000000"),
        (0.1 + 0.2, "0.30000000000000004"),
        (None, ""),
    ],
)
def test_the_exact_format_is_the_shortest_text_that_reads_back(value, text):
    assert exact(value) == text


@pytest.mark.parametrize(
    "value", [99999.99, 12.34567, 1e-7, 123456789.123, 1234567.891, 0.000123, 5e-324, 1e-300, -1e15, 2.5e-5, 1 / 3]
)
def test_the_exact_format_reads_back_as_the_same_number(value):
    assert parse_number(exact(value)) == value
