"""The context every operation runs in (the data file, who acts, which day is today) and input parsing."""

from __future__ import annotations

import getpass
import math
import os
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import overload

from okrtui.domain.periods import Period, parse_date
from okrtui.domain.vocab import MAX_MAGNITUDE, MAX_NAME, MAX_TITLE
from okrtui.errors import BadInput
from okrtui.store.repository import Repository

_EXACT_INTS = 2**53
"""Integral floats below this are exact ints."""
EARLIEST_TODAY, LATEST_TODAY = date(1900, 1, 1), date(9998, 12, 31)
_NUMBER_RE = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$", re.ASCII)  # 0-9 only, not ٣ or ３


@dataclass
class Workspace:
    """One data file, the person acting on it, and the day taken as today."""

    repo: Repository
    actor: str
    today: date
    default_period: Period = field(init=False)

    def __post_init__(self) -> None:
        self.default_period = Period.containing(self.today)
        self.repo.actor, self.repo.today = self.actor, self.today.isoformat()  # the journal's who and day

    @classmethod
    def open(
        cls,
        path: str | os.PathLike,
        *,
        actor: str | None = None,
        today: date | str | None = None,
        read_only: bool = False,
        lock_timeout: float | None = None,
    ) -> Workspace:
        """A workspace on ``path``; actor and today fall back to OKRTUI_USER / the login name and the system date."""
        repo = Repository(Path(path), read_only=read_only, lock_timeout=lock_timeout)
        return cls(repo, resolve_actor(actor), resolve_today(today))

    def period(self, text: str | None) -> Period:
        """The period named by ``text``, or the current quarter."""
        return Period.parse(text) if text else self.default_period


def resolve_actor(explicit: str | None) -> str:
    """Who acts: ``--as`` > OKRTUI_USER > the OS login name."""
    name = explicit or os.environ.get("OKRTUI_USER") or _login_name()
    cleaned = clean_text(name, "name", max_length=MAX_NAME)
    if not cleaned:
        raise BadInput("the name of who acts (--as) must not be empty")
    return cleaned


def _login_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def resolve_today(explicit: date | str | None) -> date:
    """The day taken as today: ``--today`` > OKRTUI_TODAY > the system date."""
    if isinstance(explicit, date):
        return explicit
    text = explicit or os.environ.get("OKRTUI_TODAY")
    day = parse_date(text) if text else date.today()
    if not EARLIEST_TODAY <= day <= LATEST_TODAY:  # reports look a week back and periods ahead
        raise BadInput(f"today ({day}) must lie between {EARLIEST_TODAY} and {LATEST_TODAY}")
    return day


def parse_number(text: str | float | int, what: str = "value") -> float:
    """A plain finite number (``38``, ``9.5``, ``-2``, ``8000``); anything else is bad input."""
    if isinstance(text, bool):
        raise BadInput(f"{what} must be a number, not {text!r}", field=what)
    if isinstance(text, (int, float)):
        try:
            value = float(text)
        except OverflowError:
            raise BadInput(f"{what} is too large: at most {MAX_MAGNITUDE:.0e} either way", field=what) from None
    else:
        cleaned = str(text).strip()
        if not _NUMBER_RE.match(cleaned):
            raise BadInput(f"{what} must be a number, not {shorten(str(text))!r}", field=what)
        try:
            value = float(cleaned)
        except OverflowError:
            raise BadInput(f"{what} is too large: at most {MAX_MAGNITUDE:.0e} either way", field=what) from None
    if not math.isfinite(value):
        raise BadInput(f"{what} must be a finite number, not {shorten(str(text))!r}", field=what)
    if abs(value) > MAX_MAGNITUDE:
        raise BadInput(f"{what} is too large: at most {MAX_MAGNITUDE:.0e} either way", field=what)
    return value


def parse_optional_number(text: str | float | None, what: str) -> float | None:
    """``parse_number``, with None and the empty string meaning 'not given'."""
    if text is None or (isinstance(text, str) and not text.strip()):
        return None
    return parse_number(text, what)


def clean_text(text: str | None, what: str, *, max_length: int = MAX_TITLE) -> str:
    """Strip surrounding white space and refuse NUL bytes and overlong text."""
    cleaned = (text or "").strip()
    if "\x00" in cleaned:
        raise BadInput(f"{what} must not contain NUL bytes", field=what)
    if len(cleaned) > max_length:
        raise BadInput(f"{what} is too long ({len(cleaned)} characters; at most {max_length})", field=what)
    return cleaned


def shorten(text: str, limit: int = 40) -> str:
    """``text`` cut to ``limit`` characters for an error message."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


@overload
def number_out(value: float) -> float: ...


@overload
def number_out(value: None) -> None: ...


def number_out(value: float | None) -> float | None:
    """A number for output: integral values as ints (``182000``, not ``182000.0``)."""
    if type(value) is float and value.is_integer() and -_EXACT_INTS < value < _EXACT_INTS:  # status: 1000s a run
        return int(value)
    return value
