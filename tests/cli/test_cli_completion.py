"""Shell completion (README "Shell completion", docs/cli.md): click's protocol through the real console script.

Each test runs ``okrtui`` as the shell would on Tab: ``_OKRTUI_COMPLETE=bash_complete`` (or ``zsh_complete``) with
``COMP_WORDS`` and ``COMP_CWORD``, in a subprocess on a real data file, and reads the candidates off stdout.
"""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def complete(script, db: Path):
    """``complete("kr checkin ", shell="bash")``: the candidates offered for the last word of ``okrtui --db DB ...``."""

    def run(words: str, shell: str = "bash", db_path: Path | None = None) -> list[str]:
        line = f"okrtui --db {db_path or db} {words}"
        cword = len(line.split()) - (0 if line.endswith(" ") else 1)
        env = {"_OKRTUI_COMPLETE": f"{shell}_complete", "COMP_WORDS": line, "COMP_CWORD": str(cword)}
        result = script(env=env, globals_=False)
        assert result.code == 0, result.err
        assert result.err == ""
        lines = result.out.splitlines()
        return [] if lines == [""] else lines  # click ends even an empty answer with a newline

    return run


@pytest.fixture
def records(run) -> None:
    """O-1 with KR-1 and KR-2, initiative I-1, KPIs K-1 (mrr) and K-2 (churn)."""
    run.add("objective", "add", "Grow revenue")
    run.add("kr", "add", "O-1", "New customers", "--start", "0", "--target", "10")
    run.add("kr", "add", "O-1", "Churn down", "--start", "5", "--target", "2")
    run.add("initiative", "add", "KR-1", "Partner program")
    run.ok("kpi", "add", "Monthly recurring revenue", "--key", "mrr", "--target", "200000")
    run.ok("kpi", "add", "Churn", "--key", "churn", "--target", "2", "--direction", "down")


@pytest.mark.usefixtures("records")
class TestCandidates:
    def test_a_key_result_argument_offers_the_key_result_ids(self, complete):
        assert complete("kr checkin ") == ["plain,KR-1", "plain,KR-2"]

    def test_what_is_typed_narrows_the_ids(self, complete):
        assert complete("kr show KR-2") == ["plain,KR-2"]

    def test_an_objective_argument_offers_objective_ids(self, complete):
        assert complete("objective show ") == ["plain,O-1"]

    def test_an_initiative_parent_offers_key_results_and_objectives(self, complete):
        assert complete("initiative add ") == ["plain,KR-1", "plain,KR-2", "plain,O-1"]

    def test_an_initiative_argument_offers_initiative_ids(self, complete):
        assert complete("initiative set ") == ["plain,I-1"]

    def test_a_kpi_argument_offers_keys_then_ids(self, complete):
        assert complete("kpi record ") == ["plain,mrr", "plain,churn", "plain,K-1", "plain,K-2"]

    def test_a_kpi_key_is_completed_from_its_start(self, complete):
        assert complete("kpi show m") == ["plain,mrr"]

    def test_the_kpi_option_of_a_key_result_offers_kpis(self, complete):
        assert complete("kr add O-1 Title --kpi c") == ["plain,churn"]

    def test_zsh_gets_the_title_beside_the_id(self, complete):
        assert complete("kr checkin ", shell="zsh") == ["plain", "KR-1", "New customers", "plain", "KR-2", "Churn down"]


def test_a_title_with_a_newline_or_escape_stays_on_one_line(run, complete):
    run.add("objective", "add", "Line one\nline two \x1b[31mred")
    out = complete("objective show ", shell="zsh")
    assert out == ["plain", "O-1", "Line one line two \\x1b[31mred"]


def test_a_missing_file_offers_nothing_and_says_nothing(complete, tmp_path: Path):
    assert complete("kr checkin ", db_path=tmp_path / "missing.json") == []


def test_a_damaged_file_offers_nothing_says_nothing_and_stays_as_it_was(complete, db: Path):
    db.write_bytes(b'{"key_results": {"1": {"id": "KR-1"')
    before = db.read_bytes()
    assert complete("kr checkin ") == []
    assert db.read_bytes() == before
