"""The filter line's search (okrtui.services.filters): which records a filter keeps in each pane, over the demo data
as of 2026-11-22 in a real file.

The demo, by hand: O-2 (alice, Sales) holds KR-1 "Average sales cycle" (initiatives I-1 alice, I-2 bob "Pre-approved
security questionnaire"), KR-2 "Keep conversion at 9% or better" (follows the KPI conversion, K-2, owned by alice;
initiative I-3 alice) and KR-3; O-3 (bob, Sales) holds KR-4, KR-5; O-4 (dana, People) "Improve employee well-being";
O-5 (chen, Marketing) holds I-4 chen, I-5 and I-6 gwen; K-3 is "Customer churn" (key churn, erik).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from okrtui.services.demo import load_demo
from okrtui.services.filters import Found, RecordFilter, find
from okrtui.services.views import Dataset
from okrtui.services.workspace import Workspace


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    """The demo data, read back from a real file."""
    path: Path = tmp_path_factory.mktemp("demo") / "okrs.json"
    ws = Workspace.open(path, actor="tester", today="2026-11-22")
    load_demo(ws)
    return Dataset.load(ws)


def test_owner_me_is_the_person_acting():
    assert RecordFilter.parse("owner:me sales", actor="Alice") == RecordFilter(("sales",), owner="alice")
    assert RecordFilter.parse("owner:ME", actor="bob").owner == "bob"
    assert RecordFilter.parse("owner:me").owner == "me", "without an actor, me is a name like any other"
    assert RecordFilter.parse("owner:erik", actor="bob").owner == "erik"


def test_a_word_in_a_key_result_keeps_its_objective_and_the_initiatives_under_it(demo):
    found = find(demo, RecordFilter.parse("conversion"))
    assert found == Found(
        hits=frozenset({"KR-2", "K-2"}),
        objectives=frozenset({"O-2"}),
        krs=frozenset({"KR-2"}),
        initiatives=frozenset({"I-3"}),
        kpis=frozenset({"K-2"}),
    )


def test_a_word_in_an_initiative_keeps_the_key_result_it_hangs_on(demo):
    found = find(demo, RecordFilter.parse("Security"))
    assert found == Found(
        hits=frozenset({"I-2"}),
        objectives=frozenset({"O-2"}),
        krs=frozenset({"KR-1"}),
        initiatives=frozenset({"I-2"}),
        kpis=frozenset(),
    )


def test_an_objective_that_matches_shows_all_it_holds(demo):
    found = find(demo, RecordFilter.parse("well-being"))
    assert found.hits == {"O-4"}
    assert found.objectives == {"O-4"}
    assert found.krs == {"KR-6", "KR-7", "KR-8"}


def test_kpis_match_by_key_or_name(demo):
    assert find(demo, RecordFilter.parse("churn")).kpis == {"K-3"}
    assert find(demo, RecordFilter.parse("demo-signups")).kpis == {"K-5"}
    assert find(demo, RecordFilter.parse("K-4")).kpis == {"K-4"}
    assert find(demo, RecordFilter.parse("churn")).objectives == set(), "no objective talks of churn"


def test_an_owner_keeps_their_objectives_initiatives_and_kpis(demo):
    alice = find(demo, RecordFilter.parse("owner:alice"))
    assert alice.objectives == {"O-2"}
    assert alice.hits == {"O-2", "KR-1", "KR-2", "KR-3", "I-1", "I-3", "K-2"}, "I-2 is bob's"
    assert alice.initiatives == {"I-1", "I-2", "I-3"}, "I-2 shows under alice's objective"
    bob = find(demo, RecordFilter.parse("owner:bob"))
    assert bob.objectives == {"O-2", "O-3"}, "O-2 for bob's initiative I-2"
    assert bob.krs == {"KR-1", "KR-4", "KR-5"}
    assert bob.kpis == set()


def test_owner_me_finds_the_actors_records(demo):
    assert find(demo, RecordFilter.parse("owner:me", actor="gwen")).hits == {"I-5", "I-6"}


def test_a_team_keeps_its_objectives_and_the_kpis_they_follow(demo):
    found = find(demo, RecordFilter.parse("team:sales"))
    assert found.objectives == {"O-2", "O-3"}
    assert found.kpis == {"K-2"}, "KR-2 of Sales follows conversion"


def test_words_and_owner_together(demo):
    found = find(demo, RecordFilter.parse("owner:gwen pricing"))
    assert found.hits == {"I-5"}
    assert found.objectives == {"O-5"}
    assert found.krs == set()


def test_a_filter_matching_nothing_keeps_nothing(demo):
    found = find(demo, RecordFilter.parse("zzz-nothing"))
    assert not (found.hits or found.objectives or found.krs or found.initiatives or found.kpis)
