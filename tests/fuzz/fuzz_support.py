"""Helpers and Hypothesis strategies for the fuzz tests (issue 6, "Bad input, fuzzed").

``Cli`` runs ``okrtui.cli.main`` in-process, like ``tests/cli/conftest.py`` does, so a run costs milliseconds. The
strategies produce the input people (and scripts) really send: arbitrary Unicode with control characters, terminal
escape sequences and bidi overrides; numbers, dates, periods and ids spelled every way they get spelled.
"""

from __future__ import annotations

import io
import json
import re
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from hypothesis import strategies as st

import okrtui.cli

TODAY = "2026-11-22"
"""The day the fuzz runs take as today (2026-Q4), as in the CLI tests."""

OKRTUI_ENV = (
    "OKRTUI_DB",
    "OKRTUI_USER",
    "OKRTUI_TODAY",
    "OKRTUI_READ_ONLY",
    "OKRTUI_DEBUG",
    "NO_COLOR",
    "OKRTUI_LOCK_TIMEOUT",
)
"""Variables that would change the CLI's behaviour: unset for every run."""

_DEFAULT: Any = object()


# -- running the CLI --------------------------------------------------------------------------------------------------


@dataclass
class Result:
    """What a shell sees of one run."""

    args: tuple[str, ...]
    code: int
    out: str
    err: str

    @property
    def json(self) -> Any:
        return json.loads(self.out)

    def __str__(self) -> str:
        return f"okrtui {self.args!r} -> exit {self.code}\nstdout: {self.out[:2000]!r}\nstderr: {self.err[:2000]!r}"


class Cli:
    """Runs ``okrtui --db DB --today TODAY ARGS...`` in-process, in click's isolation (fresh stdio and env)."""

    def __init__(self, db: Path, today: str | None = TODAY) -> None:
        self.db = db
        self.today = today

    def __call__(
        self,
        *args: str,
        input: str | bytes | None = None,
        color: bool = False,
        today: str | None = _DEFAULT,
    ) -> Result:
        today = self.today if today is _DEFAULT else today
        argv = ["--db", str(self.db)]
        if today is not None:
            argv += ["--today", today]
        argv += [str(arg) for arg in args]
        env: dict[str, str | None] = {name: None for name in OKRTUI_ENV}
        env["OKRTUI_USER"] = "fuzzer"
        runner = CliRunner()
        with runner.isolation(input=input, env=env, color=color) as (out, err, _mixed):
            if input is not None:
                # A real process's stdin hands "\r" over untranslated; CliRunner's wrapper would turn it into "\n".
                data = input.encode("utf-8") if isinstance(input, str) else input
                sys.stdin = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", newline="\n")
            code: Any = 0
            try:
                okrtui.cli.main(argv)
            except SystemExit as done:
                code = done.code
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
            out_text = out.getvalue().decode("utf-8", errors="backslashreplace")
            err_text = err.getvalue().decode("utf-8", errors="backslashreplace")
        if code is None:
            code = 0
        elif not isinstance(code, int):
            code = 1
        return Result(tuple(argv[4 if today is not None else 2 :]), code, out_text, err_text)

    def ok(self, *args: str, **kwargs: Any) -> Result:
        """Run and insist on exit 0."""
        result = self(*args, **kwargs)
        assert result.code == 0, str(result)
        return result

    def human(self, *args: str, **kwargs: Any) -> str:
        """Human output as a colour terminal would receive it, insisting on exit 0 and no raw control characters."""
        result = self.ok(*args, color=True, **kwargs)
        assert_no_raw_controls(result.out, str(result))
        return result.out

    def stored(self) -> dict:
        """The data file as JSON."""
        return json.loads(self.db.read_bytes())

    def stored_record(self, table: str, record_id: str) -> dict:
        """One stored record by its id (``O-4``) from a table (``objectives``)."""
        for doc in self.stored().get(table, {}).values():
            if doc.get("id") == record_id:
                return doc
        raise AssertionError(f"{record_id} is not in the {table} table of {self.db}")


# -- the contract of an outcome ---------------------------------------------------------------------------------------

_CLICK_STYLES = re.compile(r"\x1b\[(?:0|1|22|39|3[0-7]|9[0-7])m")
"""The SGR sequences click.style writes for okrtui's own colours and bold (user text never uses these here)."""
_RAW_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
"""C0 controls but \\n and \\t, DEL, C1 controls (\\x9b is a one-byte CSI) and bidi marks/overrides/isolates."""


def assert_no_raw_controls(text: str, context: str = "") -> None:
    """``text`` (as a terminal receives it, okrtui's own colours aside) carries no raw control character."""
    plain = _CLICK_STYLES.sub("", text)
    found = _RAW_CONTROL.search(plain)
    assert found is None, (
        f"raw control character {found.group()!r} at {found.start()} in output: "
        f"{plain[max(0, found.start() - 60) : found.start() + 60]!r}\n{context}"
    )


def assert_clean_outcome(result: Result, before: bytes | None, db: Path) -> None:
    """CLI.md's contract for any input: exit 0, or exit 2 (1 only for a data-file problem) with one ``okrtui:`` line
    on stderr, nothing on stdout, and the data file byte-identical. Never a traceback or an internal error."""
    assert "Traceback" not in result.err and "Traceback" not in result.out, str(result)
    assert "internal error" not in result.err, str(result)
    assert_no_raw_controls(result.err, str(result))
    if result.code == 0:
        return
    assert result.code in (1, 2), str(result)
    assert result.out == "", str(result)
    lines = result.err.splitlines()
    assert len(lines) == 1, str(result)
    assert lines[0].startswith("okrtui: "), str(result)
    assert lines[0][len("okrtui: ") :].strip(), str(result)
    after = db.read_bytes() if db.exists() else None
    assert after == before, f"the data file changed although the command failed\n{result}"


# -- strategies -------------------------------------------------------------------------------------------------------
#
# Each kind of value mixes mostly good input (``mostly``: five draws in six) with bad input, so a command with four
# options still succeeds often enough for the checks that follow a success (escaped output, JSON round trip).


def mostly(good: st.SearchStrategy[Any], bad: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """``good`` about five times in six, else ``bad``."""
    return st.sampled_from([good, good, good, good, good, bad]).flatmap(lambda chosen: chosen)


ESCAPES = [
    "\x1b[2J",
    "\x1b]0;x\x07",
    "\x1b]8;;http://evil.example/\x1b\\link\x1b]8;;\x1b\\",
    "\x1b[38;5;196m",
    "\x1b[H",
    "\x1bc",
    "\x1b",
    "\x9b2J",
    "\x07",
    "\x08",
    "\r",
    "\n",
    "\t",
    "\x0b",
    "\x0c",
    "\x00",
    "\x7f",
    "\x85",
    "\u202e",
    "\u202d",
    "\u2066",
    "\u2069",
    "\u200e",
    "\u200b",
    "\ufeff",
    "\u2028",
    "\u2029",
    "\x1c",
    "\x1f",
]
"""Terminal escapes (CSI, OSC title, OSC 8 hyperlink, one-byte CSI), C0/C1 controls, bidi overrides, odd spaces."""

VISIBLE_WORDS = [
    "Grow",
    "revenue",
    "Q4",
    "NPS",
    "ü",
    "日本語",
    "😀",
    "👨‍👩‍👧",
    "Ω",
    "a|b",
    "*x*",
    "`y`",
    "<b>",
    "\\",
    '"',
    "'",
    "%",
    "$",
    "=",
    ",",
    ";",
    "x-y",
]
WORDS = [*VISIBLE_WORDS, "-", "--", "-x", " ", "  "]

_any_char = st.characters(codec="utf-8")  # every code point but surrogates
_control_char = st.characters(max_codepoint=0x9F, categories=["Cc"])
_piece = st.one_of(st.sampled_from(ESCAPES), st.sampled_from(WORDS), st.text(_any_char, max_size=6), _control_char)
_clean_piece = _piece.filter(lambda piece: "\x00" not in piece)

nasty_text = st.lists(_piece, max_size=8).map("".join)
"""Short text mixing words, arbitrary Unicode, control characters and escape sequences: often not valid input."""

text_value = st.tuples(
    st.lists(_clean_piece, max_size=3),
    st.sampled_from(VISIBLE_WORDS),
    st.lists(_clean_piece, max_size=3),
).map(lambda parts: "".join(parts[0]) + parts[1] + "".join(parts[2]))
"""Text that a field takes (something visible, no NUL, short) while holding escapes, controls and odd Unicode."""

long_text = st.one_of(
    st.integers(min_value=195, max_value=205).map(lambda n: "x" * n),
    st.integers(min_value=78, max_value=82).map(lambda n: "n" * n),
    st.integers(min_value=18, max_value=22).map(lambda n: "u" * n),
)
"""Text at the length limits (title 200, name 80, unit 20)."""

any_text = mostly(text_value, st.one_of(nasty_text, long_text, st.text(_any_char, max_size=30)))

escape_text = (
    st.lists(
        st.one_of(
            st.sampled_from([escape for escape in ESCAPES if escape != "\x00"]),
            st.sampled_from(VISIBLE_WORDS[:8]),
            _control_char.filter(lambda char: char != "\x00"),
        ),
        min_size=1,
        max_size=6,
    )
    .map("".join)
    .filter(lambda text: text.strip() != "" and not text.lstrip().startswith("-"))
)
"""Text that is sure to hold control characters or escapes, and still makes a valid title (non-blank, no NUL)."""

GOOD_NUMBER_WORDS = [
    "0",
    "1",
    "100",
    "-2",
    "+3",
    ".5",
    "5.",
    "-0",
    " 5 ",
    "9.5",
    "8000",
    "1e3",
    "1E-3",
    "1e308",
    "-1e308",
    "1.7976931348623157e308",
    "5e-324",
    "1e-400",
    str(10**30),
    "9" * 300,
    "١٢",
    "0.1",
]
BAD_NUMBER_WORDS = [
    "NaN",
    "nan",
    "-nan",
    "inf",
    "-inf",
    "+inf",
    "Infinity",
    "1e309",
    "-1e309",
    "9" * 400,
    "-" + "9" * 400,
    "1_000",
    "0x10",
    "0b1",
    "0o7",
    "1,000",
    "1 000",
    "１２",
    "²",
    "½",
    "",
    " ",
    "e5",
    "1e",
    "--1",
    "+-1",
    "1.2.3",
    "12abc",
    "\x005",
    "5\x00",
    "\u20285",
]

number_text = mostly(
    st.one_of(
        st.sampled_from(GOOD_NUMBER_WORDS),
        st.integers(min_value=-(10**9), max_value=10**9).map(str),
        st.floats(allow_nan=False, allow_infinity=False).map(repr),
        st.decimals(allow_nan=False, allow_infinity=False, places=3).map(str),
    ),
    st.one_of(
        st.sampled_from(BAD_NUMBER_WORDS),
        st.integers(min_value=-(10**400), max_value=10**400).map(str),
        st.floats().map(repr),
        nasty_text,
    ),
)
"""A number as typed: mostly numbers (extremes among them), else the spellings that are not plain finite numbers."""

BAD_DATE_WORDS = [
    "2026-02-30",
    "99999-01-01",
    "2026-1-1",
    "2026-11-23",
    "2027-01-01",
    "9999-12-31",
    "0000-01-01",
    "2026-13-01",
    "2026-00-10",
    "2025-02-29",
    "2026-11-22T00:00",
    "20261122",
    "٢٠٢٦-١١-٠١",
    "２０２６-１１-０１",
    "yesterday",
    "today",
    "-1-01-01",
    "2026-11-01\n2026",
]
GOOD_DATE_WORDS = [
    "2026-11-22",
    "2026-11-01",
    "2026-10-01",
    "2024-02-29",
    "0001-01-01",
    "0001-01-07",
    " 2026-11-01 ",
    "2026-11-01\n",
]

date_text = mostly(
    st.one_of(
        st.sampled_from(GOOD_DATE_WORDS),
        st.dates(min_value=date(2026, 10, 1), max_value=date(2026, 11, 22)).map(date.isoformat),
        st.dates(max_value=date(2026, 11, 22)).map(date.isoformat),
    ),
    st.one_of(
        st.sampled_from(BAD_DATE_WORDS),
        st.dates().map(lambda day: f"{day.year}-{day.month}-{day.day}"),
        st.tuples(st.integers(0, 99999), st.integers(0, 99), st.integers(0, 99)).map(
            lambda t: f"{t[0]:04d}-{t[1]:02d}-{t[2]:02d}"
        ),
        nasty_text,
    ),
)
"""A date as typed: mostly real days up to today (2026-11-22), else malformed, impossible or future ones."""

GOOD_PERIOD_WORDS = ["2026-Q4", "2026-q4", "2026", "2027-Q1", "2026-Q1", " 2026-Q4 ", "9999-Q4", "1000", "2026-Q4\n"]
BAD_PERIOD_WORDS = [
    "2026-Q0",
    "2026-Q5",
    "Q4-2026",
    "26",
    "0999",
    "0000",
    "0001-Q1",
    "99999",
    "２０２６",
    "2026Q4",
    "",
    "next",
    "2026-Q4-1",
]

period_text = mostly(
    st.one_of(
        st.sampled_from(GOOD_PERIOD_WORDS),
        st.tuples(st.integers(1000, 9999), st.integers(1, 4)).map(lambda t: f"{t[0]}-Q{t[1]}"),
        st.integers(1000, 9999).map(str),
    ),
    st.one_of(
        st.sampled_from(BAD_PERIOD_WORDS),
        st.integers(0, 999).map(lambda year: f"{year:04d}"),
        st.tuples(st.integers(0, 10_000), st.integers(0, 6)).map(lambda t: f"{t[0]:04d}-Q{t[1]}"),
        nasty_text,
    ),
)
"""A period as typed: mostly YYYY-QN or YYYY, else anything close to it (years before 1000 among them)."""

BAD_ID_WORDS = [
    "O-0",
    "O-01",
    "KR-02",
    "O-99",
    "KR-999999999999",
    "KR-0",
    "K-",
    "K-99",
    "O- 1",
    "O-１",
    "",
    "-",
    "KR--1",
    "O-1000000000",
    "O-999999999",
    "X-1",
    "O1",
    "KR-1.0",
]


def id_text(*good: str) -> st.SearchStrategy[str]:
    """Mostly one of the ids ``good`` (which exist in the base file) spelled any case, else a bad or unknown id."""
    return mostly(
        st.tuples(st.sampled_from(good), st.sampled_from([str, str.lower, lambda text: f" {text} "])).map(
            lambda t: t[1](t[0])
        ),
        st.one_of(
            st.sampled_from(BAD_ID_WORDS),
            st.tuples(st.sampled_from(["O", "KR", "K", "I", "o", "kr", "X"]), st.integers(-5, 10**13)).map(
                lambda t: f"{t[0]}-{t[1]}"
            ),
            nasty_text,
        ),
    )


weight_text = mostly(
    st.one_of(
        st.sampled_from(["1", "0.5", "1000", "5e-324", "999.999", " 2 ", "+3", ".5"]),
        st.floats(min_value=0, max_value=1000, exclude_min=True).map(repr),
    ),
    st.one_of(st.sampled_from(["0", "-1", "-0", "1000.0001", "1e308", "nan", "inf", "heavy", ""]), number_text),
)
"""A key result weight: mostly in (0, 1000], else out of range or not a number."""

GOOD_CONFIDENCE_WORDS = ["on-track", "at-risk", "off-track", "ON-TRACK", " at-risk ", "0", "10", "7", "٣"]
BAD_CONFIDENCE_WORDS = ["11", "-1", "5.5", "²", "9" * 5000, "", "sure", "on track"]

confidence_text = mostly(
    st.one_of(st.sampled_from(GOOD_CONFIDENCE_WORDS), st.integers(0, 10).map(str)),
    st.one_of(st.sampled_from(BAD_CONFIDENCE_WORDS), st.integers(-20, 20).map(str), nasty_text),
)


def option(name: str, values: st.SearchStrategy[str]) -> st.SearchStrategy[list[str]]:
    """``[--name, value]`` or nothing."""
    return st.one_of(st.just([]), values.map(lambda value: [name, value]))
