"""Bad input, fuzzed (issue 6), below the CLI: the models and the parsers every face shares.

- ``build(Model, data)`` with arbitrary data returns a valid model or raises ``BadInput`` with one clear line; never
  another exception. A model it returns survives the trip through the data file (dump as JSON, validate again) and
  can be scored.
- ``parse_number``, ``parse_date``, ``Period.parse``, ``parse_confidence``, ``Scope.parse``, ``parse_id``,
  ``clean_text``, ``kr_bounds`` and ``parse_import`` raise only their documented error type.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime

import orjson
import pytest
from fuzz_support import (
    any_text,
    confidence_text,
    date_text,
    mostly,
    nasty_text,
    number_text,
    period_text,
    text_value,
)
from hypothesis import example, given
from hypothesis import strategies as st

from okrtui.domain import vocab
from okrtui.domain.models import SLUG_RE, CheckIn, Initiative, KeyResult, Kpi, Objective, build, slugify
from okrtui.domain.periods import Period, parse_date
from okrtui.domain.scoring import kpi_health, latest_measurement, score_kr
from okrtui.domain.vocab import parse_confidence
from okrtui.errors import BadInput
from okrtui.formatting import bar, number, percent, sparkline
from okrtui.services.measurements import parse_import
from okrtui.services.okrs import kr_bounds
from okrtui.services.reviews import Scope
from okrtui.services.workspace import clean_text, parse_number, parse_optional_number
from okrtui.store.repository import parse_id

TODAY = date(2026, 11, 22)


def assert_one_line(error: BadInput) -> None:
    """A message a user can read: one non-empty line."""
    assert isinstance(error.message, str) and error.message.strip(), repr(error.message)
    assert error.message == str(error)
    assert len(error.message.splitlines()) == 1, repr(error.message)


# -- arbitrary values -------------------------------------------------------------------------------------------------

_scalar = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(10**400), max_value=10**400),
    st.floats(),
    nasty_text,
    number_text,
    date_text,
    period_text,
    st.dates(),
    st.datetimes(),
    st.binary(max_size=8),
)
any_value = st.recursive(
    _scalar,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3),
    max_leaves=6,
)
"""Anything a hand-edited file, a form or an importer could hand to a model."""


def field(good: st.SearchStrategy) -> st.SearchStrategy:
    return mostly(good, any_value)


_number = st.one_of(st.floats(), st.integers(), st.sampled_from([1e308, -1e308, 5e-324, 0, -0.0, 10**400]), number_text)
_name = mostly(text_value, any_text)
_day = st.one_of(st.dates().map(date.isoformat), st.dates(), date_text)

_COMMON = {"rev": field(st.integers()), "updated_by": _name}

checkin_data = st.fixed_dictionaries(
    {"date": field(_day), "value": field(_number)},
    optional={"confidence": field(st.one_of(st.integers(-2, 12), confidence_text)), "note": _name, "author": _name},
)
objective_data = st.fixed_dictionaries(
    {"id": field(st.just("O-1")), "title": _name, "period": field(period_text)},
    optional={
        **_COMMON,
        "description": _name,
        "owner": _name,
        "team": _name,
        "level": field(st.sampled_from(vocab.LEVELS)),
        "parent": field(st.just("O-2")),
        "perspective": field(st.sampled_from(vocab.PERSPECTIVES)),
        "state": field(st.sampled_from(vocab.OBJECTIVE_STATES)),
        "cadence": field(st.sampled_from(vocab.CADENCES)),
        "grade": field(_number),
        "retro": _name,
        "carried_from": field(st.just("O-3")),
    },
)
kr_data = st.fixed_dictionaries(
    {
        "id": field(st.just("KR-1")),
        "objective": field(st.just("O-1")),
        "title": _name,
        "kind": field(st.sampled_from(vocab.KR_KINDS)),
        "target": field(_number),
    },
    optional={
        **_COMMON,
        "start": field(_number),
        "unit": _name,
        "weight": field(_number),
        "kpi": field(st.just("K-1")),
        "checkins": field(st.lists(checkin_data, max_size=3)),
        "grade": field(_number),
    },
)
kpi_data = st.fixed_dictionaries(
    {
        "id": field(st.just("K-1")),
        "key": field(st.from_regex(r"[a-z0-9][a-z0-9_-]{0,39}", fullmatch=True)),
        "name": _name,
        "target": field(_number),
    },
    optional={
        **_COMMON,
        "unit": _name,
        "direction": field(st.sampled_from(vocab.DIRECTIONS)),
        "warn": field(_number),
        "frequency": field(st.sampled_from(vocab.FREQUENCIES)),
        "owner": _name,
        "perspective": field(st.sampled_from(vocab.PERSPECTIVES)),
        "history": field(st.dictionaries(_day.map(str), _number, max_size=3)),
    },
)
initiative_data = st.fixed_dictionaries(
    {"id": field(st.just("I-1")), "title": _name, "objective": field(st.just("O-1"))},
    optional={
        **_COMMON,
        "kr": field(st.just("KR-1")),
        "owner": _name,
        "status": field(st.sampled_from(vocab.INITIATIVE_STATUSES)),
        "due": field(_day),
    },
)

models_and_data = st.one_of(
    st.tuples(st.just(Objective), objective_data),
    st.tuples(st.just(KeyResult), kr_data),
    st.tuples(st.just(Kpi), kpi_data),
    st.tuples(st.just(CheckIn), checkin_data),
    st.tuples(st.just(Initiative), initiative_data),
    st.tuples(st.sampled_from([Objective, KeyResult, Kpi, CheckIn, Initiative]), any_value),
)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _iso_day(day: object) -> bool:
    try:
        return isinstance(day, str) and date.fromisoformat(day).isoformat() == day
    except ValueError:
        return False


def assert_scorable(model: object) -> None:
    """What the views do with a record works on any record ``build`` accepts."""
    if isinstance(model, Objective):
        period = Period.parse(model.period)
        assert str(Period.parse(str(period))) == model.period
        period.elapsed_share(TODAY)
    elif isinstance(model, KeyResult):
        score = score_kr(model, Period(2026, 4), TODAY)
        percent(score.progress), bar(score.progress)
        sparkline([checkin.value for checkin in model.checkins])
        number(score.current, model.unit)
    elif isinstance(model, Kpi):
        for day, value in model.history.items():  # what kpi record / kpi import store: ISO day -> finite number
            assert _iso_day(day), day
            assert _is_number(value), (day, value)
        latest_measurement(model, TODAY)
        kpi_health(model, TODAY)
        sparkline(list(model.history.values()))


@given(models_and_data)
# Regression (fixed): Objective accepted the period "0999" and stored it as "999" (Period.__str__ did not pad the
# year), which Period.parse refuses: the record could not be read back from the data file.
@example((Objective, {"id": "O-1", "title": "t", "period": "0999"}))
# Regression (fixed): Period.parse accepted "0000"; Period(0).start raises ValueError (year 0 is out of range).
@example((Objective, {"id": "O-1", "title": "t", "period": "0000"}))
# Regression (hand-edited files, fixed): Kpi's history validator checked only that it is a dict, so a value like "abc"
# passed and every command that shows the KPI ended in "internal error: ValueError: could not convert string ...".
@example((Kpi, {"id": "K-1", "key": "mrr", "name": "MRR", "target": 1, "history": {"2026-11-01": "abc"}}))
# Regression (hand-edited files, fixed): any int passed as a record's rev, also one orjson can't write (over 64 bits),
# so the next save of that record ended in "internal error: TypeError: Integer exceeds 64-bit range".
@example((Objective, {"id": "O-1", "title": "t", "period": "2026-Q4", "rev": 2**64}))
# Bug (hand-edited files): check-in values are only checked to be finite (CheckIn.value is FiniteFloat, while
# parse_number and Kpi.history cap values at 1e15), so check-ins of 1e308 and -1e308 load fine and then
# formatting.sparkline computes inf / inf = NaN: "internal error: ValueError: cannot convert float NaN to integer".
@example(
    (
        KeyResult,
        {
            "id": "KR-1",
            "objective": "O-1",
            "title": "t",
            "kind": "increase",
            "start": 0,
            "target": 1,
            "checkins": [{"date": "2026-11-01", "value": 1e308}, {"date": "2026-11-02", "value": -1e308}],
        },
    )
)
# Bug (hand-edited files): Kpi.history checks its values but not its keys, so a day like "2026" passes and
# kpi_health's date.fromisoformat("2026") raises ValueError (an internal error) once it is the latest measurement.
@example((Kpi, {"id": "K-1", "key": "mrr", "name": "MRR", "target": 1, "history": {"2026": 5}}))
# Bug (open, Python callers only: orjson refuses such ints in the file): Kpi._history_as_stored calls
# math.isfinite(number) on an int over float range, which raised OverflowError instead of a ValueError that
# build turns into BadInput.
@example((Kpi, {"id": "K-1", "key": "mrr", "name": "MRR", "target": 1, "history": {"2026-11-01": 10**400}}))
def test_build(model_and_data):
    model, data = model_and_data
    try:
        built = build(model, data)
    except BadInput as error:
        assert_one_line(error)
        return
    assert isinstance(built, model)
    assert_scorable(built)
    # the trip through the data file: dumped as the repository does, parsed, validated again
    stored = orjson.loads(orjson.dumps(built.model_dump(mode="json", exclude_none=True)))
    again = build(model, stored)
    assert again == built


# -- parsers ----------------------------------------------------------------------------------------------------------

_number_input = st.one_of(
    number_text,
    st.integers(),
    st.integers(min_value=-(10**400), max_value=10**400),
    st.floats(),
    st.booleans(),
)
_ASCII_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$", re.ASCII)


@given(_number_input)
# Regression (fixed): parse_number(10**400) raised OverflowError ("int too large to convert to float"), not BadInput.
@example(10**400)
@example("1e309")
@example(" 5 ")
def test_parse_number(text):
    try:
        value = parse_number(text, "value")
    except BadInput as error:
        assert_one_line(error)
        assert error.field == "value"
        return
    assert isinstance(value, float) and math.isfinite(value)
    if isinstance(text, str) and _ASCII_NUMBER.match(text.strip()):
        assert value == float(text.strip())


@given(st.one_of(st.none(), _number_input))
@example(10**400)  # the parse_number bug above
def test_parse_optional_number(text):
    try:
        value = parse_optional_number(text, "warn")
    except BadInput as error:
        assert_one_line(error)
        return
    assert value is None or math.isfinite(value)


@given(st.one_of(date_text, st.dates(), st.text(max_size=12)))
@example("2026-02-30")
@example("99999-01-01")
@example("2026-1-1")
def test_parse_date(text):
    try:
        day = parse_date(text)
    except BadInput as error:
        assert_one_line(error)
        return
    assert isinstance(day, date) and not isinstance(day, datetime)
    if isinstance(text, str) and text.strip().isascii():
        assert day.isoformat() == text.strip()


@given(st.one_of(period_text, st.text(max_size=10)))
# Regressions (fixed), as in test_build: "0999" parsed to a Period whose str() was "999", which doesn't parse; "0000"
# parsed to a Period whose start raises ValueError.
@example("0999")
@example("0000")
def test_period_parse(text):
    try:
        period = Period.parse(text)
    except BadInput as error:
        assert_one_line(error)
        return
    assert Period.parse(str(period)) == period
    assert period.start <= period.end
    assert period.contains(period.start)


@given(st.one_of(confidence_text, st.integers(), st.none(), st.booleans(), st.text(max_size=5)))
@example("9" * 5000)
@example("²")
def test_parse_confidence(text):
    try:
        value = parse_confidence(text)
    except ValueError as error:  # its documented error; the check-in service turns it into BadInput
        assert str(error).strip()
        return
    assert value is None or (isinstance(value, int) and 0 <= value <= 10)


@given(
    text=st.one_of(
        st.none(), any_text, st.sampled_from(["all", "me", "owner:", "team:sales", "owner:bob", "x:y", ":"])
    ),
    actor=text_value,
)
def test_scope_parse(text, actor):
    try:
        scope = Scope.parse(text, actor)
    except BadInput as error:
        assert_one_line(error)
        return
    assert isinstance(scope, Scope)
    str(scope)


@given(
    text=st.one_of(any_text, st.sampled_from(["O-0", "o-1", "KR-999999999999", "K-", "kr-007", "I-1"])),
    prefix=st.sampled_from([None, "O", "KR", "I", "K"]),
)
def test_parse_id(text, prefix):
    try:
        normal = parse_id(text, prefix)
    except BadInput as error:
        assert_one_line(error)
        return
    assert re.fullmatch(r"(O|KR|I|K)-[1-9]\d{0,8}", normal)
    assert prefix is None or normal.split("-")[0] == prefix
    assert parse_id(normal, prefix) == normal


@given(text=st.one_of(st.none(), any_text), max_length=st.sampled_from([20, 80, 200, 10_000]))
def test_clean_text(text, max_length):
    try:
        cleaned = clean_text(text, "title", max_length=max_length)
    except BadInput as error:
        assert_one_line(error)
        return
    assert cleaned == (text or "").strip() and len(cleaned) <= max_length and "\x00" not in cleaned


@given(any_text)
def test_slugify(name):
    assert SLUG_RE.fullmatch(slugify(name))


_bound = st.one_of(st.none(), number_text, st.floats(), st.integers())


@given(start=_bound, target=_bound, at_least=_bound, at_most=_bound, milestone=st.booleans())
def test_kr_bounds(start, target, at_least, at_most, milestone):
    try:
        bounds = kr_bounds(start=start, target=target, at_least=at_least, at_most=at_most, milestone=milestone)
    except BadInput as error:
        assert_one_line(error)
        return
    assert bounds["kind"] in vocab.KR_KINDS
    assert math.isfinite(bounds["target"])
    assert bounds["start"] is None or (math.isfinite(bounds["start"]) and bounds["start"] != bounds["target"])


@given(
    text=st.one_of(any_text, st.text(max_size=80), st.sampled_from(["kpi,date,value\n", "[]", "[{}]", "{}"])),
    fmt=st.sampled_from(["csv", "json", "xml"]),
)
# Regression (fixed): measurements._parse_csv_rows let csv.Error escape (a bare "\r" line end or a "\r" in an unquoted
# cell; a cell over 131072 characters), so `kpi import` ended in an internal error instead of bad input.
@example(text="\r0", fmt="csv")
@example(text="kpi,date,value\rmrr,2026-11-01,5\r", fmt="csv")
def test_parse_import(text, fmt):
    try:
        rows = parse_import(text, fmt)
    except BadInput as error:
        assert_one_line(error)
        return
    assert isinstance(rows, list)
    for row_number, kpi, day, _value in rows:
        assert isinstance(row_number, int) and isinstance(kpi, str) and isinstance(day, str)


@pytest.mark.parametrize("model", [Objective, KeyResult, Kpi, CheckIn, Initiative])
@pytest.mark.parametrize("data", [None, 5, "x", [], [1, 2], b"\x00", {"id": None}, {"": {}}])
def test_build_refuses_what_is_not_a_record(model, data):
    with pytest.raises(BadInput) as raised:
        build(model, data)
    assert_one_line(raised.value)
