"""Model validation: every face (CLI, TUI, importer) rejects the same bad input because the models do."""

from datetime import date

import pytest

from okrtui.domain.models import CheckIn, KeyResult, Kpi, Objective, ValidationError, build
from okrtui.errors import BadInput

DAY = date(2026, 10, 15)
BAD_NUMBERS = [float("nan"), float("inf"), float("-inf")]


def key_result(**fields) -> dict:
    """A valid decrease key result's fields, with ``fields`` replacing some of them."""
    defaults = {"id": "KR-1", "objective": "O-1", "title": "Cut lead", "kind": "decrease", "start": 59, "target": 38}
    return defaults | fields


def kpi(**fields) -> dict:
    """A valid KPI's fields, with ``fields`` replacing some of them."""
    return {"id": "K-1", "key": "mrr", "name": "Monthly recurring revenue", "target": 100} | fields


class TestTitles:
    @pytest.mark.parametrize("title", ["", "   "])
    def test_objective_needs_a_title(self, title):
        with pytest.raises(ValidationError):
            Objective(id="O-1", title=title, period="2026-Q4")

    @pytest.mark.parametrize("title", ["", "   "])
    def test_key_result_needs_a_title(self, title):
        with pytest.raises(ValidationError):
            KeyResult(**key_result(title=title))

    def test_build_reports_an_empty_title_as_bad_input(self):
        with pytest.raises(BadInput, match="title must not be empty"):
            build(Objective, {"id": "O-1", "title": "", "period": "2026-Q4"})


class TestObjectivePeriod:
    def test_period_is_stored_in_canonical_form(self):
        assert Objective(id="O-1", title="t", period="2026-q1").period == "2026-Q1"

    @pytest.mark.parametrize("period", ["2026-Q5", "26-Q1", ""])
    def test_bad_period_is_a_validation_error_not_bad_input(self, period):
        """A stored record with a damaged period must be a damaged file (exit 1), so the model raises ValidationError,
        never BadInput (exit 2), which is what ``Period.parse`` raises on its own."""
        with pytest.raises(ValidationError, match=f"bad period {period!r}"):
            Objective(id="O-1", title="t", period=period)

    def test_build_reports_a_bad_period_as_bad_input(self):
        with pytest.raises(BadInput, match="period: bad period '2026-Q5'"):
            build(Objective, {"id": "O-1", "title": "t", "period": "2026-Q5"})


class TestKeyResultBounds:
    def test_start_equal_to_target_is_rejected(self):
        with pytest.raises(ValidationError):
            KeyResult(**key_result(start=40, target=40))

    def test_build_turns_start_equal_to_target_into_bad_input(self):
        with pytest.raises(BadInput, match="start equals target"):
            build(KeyResult, key_result(start=40, target=40))

    @pytest.mark.parametrize("kind", ["increase", "decrease"])
    def test_increase_or_decrease_needs_a_start(self, kind):
        with pytest.raises(ValidationError):
            KeyResult(**key_result(kind=kind, start=None))

    @pytest.mark.parametrize(
        ("given", "start", "target", "inferred"),
        [
            ("increase", 59, 38, "decrease"),  # the direction follows start and target, not the word
            ("decrease", 10, 20, "increase"),
            ("decrease", 59, 38, "decrease"),
        ],
    )
    def test_direction_is_inferred_from_start_and_target(self, given, start, target, inferred):
        assert KeyResult(**key_result(kind=given, start=start, target=target)).kind == inferred

    def test_milestone_runs_from_0_to_1(self):
        milestone = KeyResult(**key_result(kind="milestone", start=None, target=7))
        assert (milestone.start, milestone.target) == (0.0, 1.0)

    @pytest.mark.parametrize("field", ["start", "target"])
    @pytest.mark.parametrize("bad", BAD_NUMBERS)
    def test_start_and_target_must_be_finite(self, field, bad):
        with pytest.raises(ValidationError):
            KeyResult(**key_result(**{field: bad}))

    def test_build_reports_a_non_finite_number_as_bad_input(self):
        with pytest.raises(BadInput, match="finite"):
            build(KeyResult, key_result(target=float("nan")))


class TestWeight:
    @pytest.mark.parametrize("weight", [-1, -0.5, 1000.5, *BAD_NUMBERS])
    def test_weight_must_be_a_finite_number_from_0_to_1000(self, weight):
        with pytest.raises(ValidationError):
            KeyResult(**key_result(weight=weight))

    def test_weight_defaults_to_1_and_may_be_fractional(self):
        assert KeyResult(**key_result()).weight == 1.0
        assert KeyResult(**key_result(weight=0.5)).weight == 0.5

    def test_weight_0_counts_toward_status_only_and_is_allowed(self):
        assert KeyResult(**key_result(weight=0)).weight == 0.0


class TestCheckIn:
    @pytest.mark.parametrize("bad", BAD_NUMBERS)
    def test_value_must_be_finite(self, bad):
        with pytest.raises(ValidationError):
            CheckIn(date=DAY, value=bad)

    @pytest.mark.parametrize("confidence", [-1, 11])
    def test_confidence_is_0_to_10(self, confidence):
        with pytest.raises(ValidationError):
            CheckIn(date=DAY, value=44, confidence=confidence)

    @pytest.mark.parametrize("confidence", [0, 10, None])
    def test_confidence_edges_and_none_are_accepted(self, confidence):
        assert CheckIn(date=DAY, value=44, confidence=confidence).confidence == confidence

    def test_a_key_result_rejects_a_bad_check_in_in_its_history(self):
        with pytest.raises(ValidationError):
            KeyResult(**key_result(checkins=[{"date": "2026-10-15", "value": float("nan")}]))


class TestKpiKey:
    @pytest.mark.parametrize("key", ["mrr", "churn-rate", "lead_time", "9lives", "a" * 40])
    def test_slug_keys_are_accepted(self, key):
        assert Kpi(**kpi(key=key)).key == key

    @pytest.mark.parametrize("key", ["", "MRR", "Churn-rate", "churn rate", "-mrr", "_mrr", "mrr!", "ümsatz", "a" * 41])
    def test_other_keys_are_rejected(self, key):
        with pytest.raises(ValidationError):
            Kpi(**kpi(key=key))

    def test_build_reports_a_bad_key_as_bad_input(self):
        with pytest.raises(BadInput, match="key"):
            build(Kpi, kpi(key="Churn Rate"))


class TestKpiThresholds:
    @pytest.mark.parametrize(
        ("direction", "target", "warn"),
        [
            ("up", 100, 80),  # up: warn below the target
            ("up", 100, 100),  # warn may equal the target
            ("down", 5, 8),  # down: warn above the target
            ("down", 5, 5),
            ("up", 100, None),
        ],
    )
    def test_warn_on_the_worse_side_is_accepted(self, direction, target, warn):
        assert Kpi(**kpi(direction=direction, target=target, warn=warn)).warn == warn

    @pytest.mark.parametrize(("direction", "target", "warn"), [("up", 100, 120), ("down", 5, 3)])
    def test_warn_on_the_better_side_is_rejected(self, direction, target, warn):
        with pytest.raises(ValidationError):
            Kpi(**kpi(direction=direction, target=target, warn=warn))

    def test_build_turns_a_warn_on_the_wrong_side_into_bad_input(self):
        with pytest.raises(BadInput, match="warn"):
            build(Kpi, kpi(direction="up", target=100, warn=120))

    @pytest.mark.parametrize("field", ["target", "warn"])
    @pytest.mark.parametrize("bad", BAD_NUMBERS)
    def test_target_and_warn_must_be_finite(self, field, bad):
        with pytest.raises(ValidationError):
            Kpi(**kpi(**{field: bad}))
