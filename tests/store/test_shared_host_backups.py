"""A data file on a shared host (issue 9, items 7 and 8): --read-only covers restores, and backups rotate
by the date in their name.

Users are numeric uids switched to before okrtui runs (see store_support.run_as); root stands for a cron job.
"""

from __future__ import annotations

import os
import re
import time

import pytest
from shared_host_support import TODAY_STAMP, backups_dir
from store_support import backups_of, one_line, run_cli, snapshot

from okrtui.store.storage import list_backups

# -- 7. --read-only covers restores -----------------------------------------------------------------------------------


@pytest.mark.parametrize("way", [["--read-only"], []], ids=["flag", "env"])
def test_read_only_refuses_a_restore(tmp_path, demo, way):
    db = tmp_path / "data" / "okrtui.json"
    demo(db)
    snap = snapshot(db)

    result = run_cli(db, *way, "doctor", "--restore", "1", "--yes", **({} if way else {"OKRTUI_READ_ONLY": "1"}))

    assert result.code == 1, result
    assert "read-only" in one_line(result)
    assert snapshot(db) == snap


# -- 8. backups rotate by the date in their name ----------------------------------------------------------------------


def test_backups_rotate_by_the_date_in_their_name_not_their_mtime(tmp_path, demo):
    db = tmp_path / "data" / "okrtui.json"
    demo(db)
    folder = backups_dir(db)
    for backup in backups_of(db):
        backup.unlink()
    future = time.time() + 10 * 365 * 86400  # copied in with mtimes years ahead (or the clock went back)
    for day in range(1, 8):
        old = folder / f"{db.name}.2020-01-0{day}"
        old.write_bytes(b'{"meta": {"1": {"schema_version": 1}}}\n')
        os.utime(old, (future + day, future + day))

    assert run_cli(db, "kr", "checkin", "KR-1", "47").code == 0

    names = [path.name for path in list_backups(db)]
    assert names == [*(f"{db.name}.2020-01-0{day}" for day in range(2, 8)), f"{db.name}.{TODAY_STAMP}"]
    listed = run_cli(db, "doctor")
    assert re.search(rf"^\s*1\s+{re.escape(db.name)}\.{TODAY_STAMP}\s", listed.stdout, re.M), listed.stdout
