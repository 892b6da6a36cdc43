"""Exports that a spreadsheet or a Markdown renderer opens (issue 9, item 10): user text is data, never a formula,
HTML, an image or a link.

CSV: a cell that starts with = + - @ TAB or CR gets a leading ' (OWASP, "CSV injection"); numbers stay numbers.
Markdown: the characters that make HTML, images, links, code and emphasis are backslash-escaped in user text.
"""

from __future__ import annotations

import pytest

NOW = "2026-11-22"


@pytest.fixture
def hostile(run):
    """O-1 and KR-1 whose texts are formulas, HTML, an image and links; KR-1 at -3.5, the KPI net at -3.5."""
    run.add("objective", "add", '=HYPERLINK("http://evil","click")', "--owner", "@bob", "--team", "+Sales")
    run.add("kr", "add", "O-1", "--start", "-10", "--target", "0", "--unit", "-u", "--", "-2+3 deals")
    run.ok("kr", "checkin", "KR-1", "-3.5", "--note", "@SUM(A1:A9)", "--date", "2026-11-20")
    run.add("kpi", "add", "Net", "--key", "net", "--target", "5")
    run.ok("kpi", "record", "net", "-3.5", "--date", "2026-11-20")
    run.ok("kpi", "record", "net", "-0.00001", "--date", "2026-11-21")


def test_report_csv_neutralises_formulas_and_keeps_numbers(run, hostile):
    result = run("report", "--format", "csv")
    assert result.code == 0, result.err
    assert result.out == (
        "objective,objective_title,objective_progress,objective_change,objective_status,"
        "kr,kr_title,kind,value,target,unit,progress,status,latest_note,ratio,zone\n"
        'O-1,"\'=HYPERLINK(""http://evil"",""click"")",0.65,0.65,on-track,'
        "KR-1,'-2+3 deals,increase,-3.5,0,'-u,0.65,on-track,'@SUM(A1:A9),0.65,\n"
    )


def test_report_csv_neutralises_an_objective_without_key_results(run):
    run.add("objective", "add", "+1 more", "--owner", "x")
    result = run("report", "--format", "csv")
    assert result.code == 0, result.err
    assert result.out.splitlines()[1] == "O-1,'+1 more,0.0,0.0,off-track,,,,,,,,,,,"


def test_kpi_export_keeps_negative_values_as_numbers(run, hostile):
    result = run("kpi", "export")
    assert result.code == 0, result.err
    assert result.out == "kpi,date,value\nnet,2026-11-20,-3.5\nnet,2026-11-21,-1e-05\n"


def test_an_exported_kpi_history_imports_back_unchanged(run, db, hostile):
    exported = run.ok("kpi", "export").out
    before = db.read_bytes()
    assert run.ok("kpi", "import", "-", input=exported).out == "imported 2 rows: 0 added, 0 replaced, 2 unchanged\n"
    assert db.read_bytes() == before


@pytest.fixture
def markup(run):
    """Texts that would be HTML, an image, links, code and emphasis in Markdown."""
    run.add(
        "objective",
        "add",
        "<img src=x onerror=alert(1)> ![pic](http://evil/p.png)",
        "--owner",
        "*bob*",
        "--team",
        "_ops_",
    )
    run.add("kr", "add", "O-1", "[click](javascript:alert(1))", "--start", "0", "--target", "10", "--unit", "<b>")
    run.ok("kr", "checkin", "KR-1", "2", "--note", "<script>alert(1)</script> `x` ~~y~~ | z \\", "--date", "2026-11-01")
    run.add("kpi", "add", "[x](javascript:y)", "--key", "x", "--target", "5", "--unit", "<i>")
    run.add("objective", "add", "# Heading", "--owner", "- alice")
    run.add("kr", "add", "O-2", "1. first", "--start", "0", "--target", "1", today="2026-10-01")  # not pending


def test_report_markdown_escapes_html_images_links_and_emphasis(run, markup):
    result = run("report")
    assert result.code == 0, result.err
    assert result.out == (
        "# OKR check-in 2026-Q4, as of 2026-11-22\n"
        "\n"
        "## O-1 \\<img src=x onerror=alert\\(1\\)\\> \\!\\[pic\\]\\(http://evil/p.png\\)\n"
        "**20%** (no change this week) · 🔴 off-track · \\*bob\\* · \\_ops\\_\n"
        "\n"
        "| KR | Value | Target | Progress | Status | Latest note |\n"
        "|---|---|---|---|---|---|\n"
        "| KR-1 \\[click\\]\\(javascript:alert\\(1\\)\\) | 2 \\<b\\> | 10 \\<b\\> | 20% | 🔴 off-track "
        "| \\<script\\>alert\\(1\\)\\</script\\> \\`x\\` \\~\\~y\\~\\~ \\| z \\\\ |\n"
        "\n"
        "## O-2 \\# Heading\n"
        "**0%** (no change this week) · 🔴 off-track · \\- alice\n"
        "\n"
        "| KR | Value | Target | Progress | Status | Latest note |\n"
        "|---|---|---|---|---|---|\n"
        "| KR-2 1\\. first | 0 | 1 | 0% | 🔴 off-track |  |\n"
        "\n"
        "## KPIs\n"
        "\n"
        "| KPI | Latest | Target | Health | Trend |\n"
        "|---|---|---|---|---|\n"
        "| \\[x\\]\\(javascript:y\\) (x) | – | 5 \\<i\\> | ⚪ no-data | → |\n"
        "\n"
        "## Needs attention\n"
        "\n"
        "- KR-1 \\[click\\]\\(javascript:alert\\(1\\)\\): off-track (O-1, \\*bob\\*)\n"
        "- KR-2 1\\. first: off-track (O-2, \\- alice)\n"
        "\n"
        "## Not checked in\n"
        "\n"
        "- \\*bob\\*: KR-1 \\[click\\]\\(javascript:alert\\(1\\)\\), last 2026-11-01 (21 days ago)\n"
        "- \\- alice: KR-2 1\\. first, never\n"
    )


def test_plain_titles_stay_readable_in_markdown(run):
    run.add("objective", "add", "Grow revenue 20% in EMEA, fast", "--owner", "alice")
    markdown = run.ok("report").out
    assert "## O-1 Grow revenue 20% in EMEA, fast\n" in markdown
    assert " · alice\n" in markdown
