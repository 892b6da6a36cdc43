"""The records' own checks (``okrtui.domain.fields``): what a stored document or a face may hand a model, and how a
problem is named. The models replaced pydantic; these pin the behaviours the data file relies on."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from okrtui.domain.models import CheckIn, Initiative, KeyResult, Kpi, Objective, ValidationError, build
from okrtui.errors import BadInput

KR = {"id": "KR-1", "objective": "O-1", "title": "Customers", "kind": "increase", "start": 0, "target": 10}


def problem(model, data) -> tuple[tuple, str]:
    with pytest.raises(ValidationError) as caught:
        model.model_validate(data)
    return caught.value.loc, caught.value.kind


class TestText:
    def test_text_is_stripped_before_its_length_is_checked(self):
        assert KeyResult.model_validate({**KR, "title": "  Customers  "}).title == "Customers"
        assert problem(KeyResult, {**KR, "title": "   "}) == (("title",), "string_too_short")

    def test_a_title_over_200_characters_is_refused_and_200_are_kept(self):
        assert KeyResult.model_validate({**KR, "title": "x" * 200}).title == "x" * 200
        assert problem(KeyResult, {**KR, "title": "x" * 201}) == (("title",), "string_too_long")

    def test_a_number_where_text_belongs_is_refused(self):
        assert problem(KeyResult, {**KR, "title": 5}) == (("title",), "string_type")
        assert problem(Initiative, {"id": "I-1", "title": "t", "objective": "O-1", "owner": None}) == (
            ("owner",),
            "string_type",
        )


class TestNumbers:
    @pytest.mark.parametrize(("given", "kept"), [(10, 10.0), ("12", 12.0), (" 7.5 ", 7.5), (True, 1.0)])
    def test_numbers_become_floats(self, given, kept):
        target = KeyResult.model_validate({**KR, "target": given}).target
        assert (target, type(target)) == (kept, float)

    @pytest.mark.parametrize(
        ("given", "kind"),
        [
            (float("nan"), "finite_number"),
            (float("inf"), "finite_number"),
            (10**400, "finite_number"),
            (2e15, "less_than_equal"),
            (-2e15, "greater_than_equal"),
            ("ten", "float_parsing"),
            ([1], "float_type"),
        ],
    )
    def test_bad_numbers_are_named(self, given, kind):
        assert problem(KeyResult, {**KR, "target": given}) == (("target",), kind)

    def test_a_weight_must_not_be_negative(self):
        assert problem(KeyResult, {**KR, "weight": -0.5}) == (("weight",), "greater_than_equal")
        assert KeyResult.model_validate({**KR, "weight": 0.5}).weight == 0.5

    @pytest.mark.parametrize(("given", "kept"), [(2, 2), (3.0, 3), ("4", 4)])
    def test_whole_numbers_are_taken_as_ints(self, given, kept):
        assert KeyResult.model_validate({**KR, "rev": given}).rev == kept

    @pytest.mark.parametrize(("given", "kind"), [(2.5, "int_from_float"), (0, "range"), ("x", "int_type")])
    def test_bad_whole_numbers_are_named(self, given, kind):
        assert problem(KeyResult, {**KR, "rev": given}) == (("rev",), kind)


class TestRecords:
    def test_a_missing_field_is_named(self):
        data = dict(KR)
        del data["target"]
        assert problem(KeyResult, data) == (("target",), "missing")

    def test_unknown_keys_are_ignored(self):
        assert KeyResult.model_validate({**KR, "colour": "blue"}) == KeyResult.model_validate(KR)

    def test_a_bad_check_in_is_named_with_its_place_in_the_list(self):
        checkins = [{"date": "2026-11-01", "value": 1}, {"date": "2026-11-02", "value": "lots"}]
        assert problem(KeyResult, {**KR, "checkins": checkins}) == (("checkins", 1, "value"), "float_parsing")
        with pytest.raises(BadInput, match=r"^checkins\.1\.value: "):
            build(KeyResult, {**KR, "checkins": checkins})

    def test_dates_are_iso_text_or_dates(self):
        assert CheckIn.model_validate({"date": "2026-11-22", "value": 1}).date == date(2026, 11, 22)
        assert CheckIn.model_validate({"date": datetime(2026, 11, 22), "value": 1}).date == date(2026, 11, 22)
        assert problem(CheckIn, {"date": "22.11.2026", "value": 1}) == (("date",), "date_parsing")
        assert problem(CheckIn, {"date": "2026-02-30", "value": 1}) == (("date",), "date_parsing")

    def test_a_word_outside_the_vocabulary_is_refused(self):
        assert problem(KeyResult, {**KR, "kind": "bigger"}) == (("kind",), "literal_error")

    def test_a_document_that_is_no_object_is_refused(self):
        assert problem(Objective, ["O-1"]) == ((), "model_type")

    def test_a_rule_across_fields_is_a_value_error_of_the_record(self):
        assert problem(KeyResult, {**KR, "start": 10}) == ((), "value_error")

    def test_defaults_are_not_shared_between_records(self):
        first, second = KeyResult.model_validate(KR), KeyResult.model_validate(KR)
        first.checkins.append(CheckIn(date="2026-11-01", value=1))
        assert second.checkins == []
        assert Kpi(id="K-1", key="a", name="A", target=1).history == {}

    def test_the_json_dump_validates_back_to_the_same_record(self):
        kr = KeyResult.model_validate({**KR, "checkins": [{"date": "2026-11-01", "value": 3, "confidence": 7}]})
        dumped = kr.model_dump(mode="json", exclude_none=True)
        assert dumped["checkins"] == [{"date": "2026-11-01", "value": 3.0, "confidence": 7, "note": "", "author": ""}]
        assert "grade" not in dumped
        assert KeyResult.model_validate(dumped) == kr

    def test_a_copy_changes_only_what_it_names(self):
        objective = Objective(id="O-1", title="Grow", period="2026-q4")
        copy = objective.model_copy(update={"title": "Shrink"})
        assert (objective.title, copy.title, copy.period) == ("Grow", "Shrink", "2026-Q4")
