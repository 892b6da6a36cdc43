"""A data file on a shared host (issue 9, items 1 and 3): files okrtui makes never follow a symlink a group
member planted, and a data file reached through a symlink is written through it.

Users are numeric uids switched to before okrtui runs (see store_support.run_as); root stands for a cron job.
"""

from __future__ import annotations

import json
import os
import re
from datetime import datetime, timedelta

from shared_host_support import TODAY_STAMP, assert_untouched, backups_dir, team_file, victim_file
from store_support import ALICE, SHARED_GID, backups_of, load, run_cli

# -- 1. files okrtui makes never follow a planted symlink -------------------------------------------------------------


def test_a_symlink_planted_at_the_backup_temp_name_is_not_followed(open_tmp, demo):
    db = team_file(open_tmp, demo)
    folder = backups_dir(db)
    folder.mkdir()
    os.chown(folder, ALICE.uid, SHARED_GID)
    folder.chmod(0o2770)
    victim = victim_file(open_tmp)
    planted = [f".{db.name}.{TODAY_STAMP}.tmp", f"{db.name}.{TODAY_STAMP}.tmp"]
    for name in planted:
        (folder / name).symlink_to(victim)

    result = run_cli(db, "kr", "checkin", "KR-1", "47", OKRTUI_USER="cron")  # root's cron job: the day's first write

    assert result.code == 0, result.stderr
    assert_untouched(victim)
    backup = folder / f"{db.name}.{TODAY_STAMP}"
    assert backup.is_file() and not backup.is_symlink()
    assert json.loads(backup.read_bytes())["key_results"]["1"]["checkins"][-1]["value"] != 47


def test_a_symlink_planted_at_the_backup_name_itself_is_replaced_not_followed(open_tmp, demo):
    db = team_file(open_tmp, demo)
    folder = backups_dir(db)
    folder.mkdir()
    victim = victim_file(open_tmp)
    (folder / f"{db.name}.{TODAY_STAMP}").symlink_to(victim)

    assert run_cli(db, "kr", "checkin", "KR-1", "47").code == 0

    assert_untouched(victim)


def restore_stamps(seconds: int = 8) -> list[str]:
    """The ``replaced-<time>`` stamps a restore started now may use."""
    now = datetime.now()
    return [f"{now + timedelta(seconds=n):%Y%m%dT%H%M%S}" for n in range(-1, seconds)]


def test_the_copy_kept_by_a_restore_never_follows_a_planted_symlink(open_tmp, demo):
    db = team_file(open_tmp, demo)
    assert run_cli(db, "kr", "checkin", "KR-1", "47").code == 0  # makes today's backup
    victim = victim_file(open_tmp)
    for stamp in restore_stamps():
        db.with_name(f"{db.name}.replaced-{stamp}").symlink_to(victim)
    current = db.read_bytes()

    result = run_cli(db, "doctor", "--restore", "1", "--yes")

    assert result.code == 0, result.stderr
    assert_untouched(victim)
    kept = [
        path for path in db.parent.iterdir() if path.name.startswith(f"{db.name}.replaced-") and not path.is_symlink()
    ]
    assert len(kept) == 1, kept
    assert kept[0].read_bytes() == current
    assert str(kept[0]) in result.stdout


def test_two_restores_in_the_same_second_keep_both_replaced_files(open_tmp, demo):
    db = team_file(open_tmp, demo)
    assert run_cli(db, "kr", "checkin", "KR-1", "47").code == 0
    earlier = b'{"an earlier restore kept this": true}\n'
    for stamp in restore_stamps():  # what a restore in this same second already kept
        db.with_name(f"{db.name}.replaced-{stamp}").write_bytes(earlier)
    current = db.read_bytes()

    assert run_cli(db, "doctor", "--restore", "1", "--yes").code == 0

    for stamp in restore_stamps()[1:-1]:
        assert db.with_name(f"{db.name}.replaced-{stamp}").read_bytes() == earlier
    new = [path for path in db.parent.iterdir() if re.search(r"\.replaced-\d{8}T\d{6}-2$", path.name)]
    assert len(new) == 1, sorted(path.name for path in db.parent.iterdir())
    assert new[0].read_bytes() == current


# -- 3. a data file reached through a symlink -------------------------------------------------------------------------


def test_a_data_file_reached_through_a_symlink_is_written_through_it(tmp_path, demo):
    real = tmp_path / "team" / "okrtui.json"
    demo(real)
    home = tmp_path / "home"
    home.mkdir()
    link = home / "okrs.json"
    link.symlink_to(real)
    for backup in backups_of(real):
        backup.rename(backup.with_name(f"{real.name}.2020-01-01"))

    result = run_cli(link, "kr", "checkin", "KR-1", "47", "--note", "through the link")

    assert result.code == 0, result.stderr
    assert link.is_symlink() and link.resolve() == real
    assert load(real)["key_results"]["1"]["checkins"][-1]["note"] == "through the link"
    assert sorted(entry.name for entry in home.iterdir()) == ["okrs.json"], "no lock, temp or backup beside the link"
    assert (real.parent / f"{real.name}.lock").exists()
    assert (backups_dir(real) / f"{real.name}.{TODAY_STAMP}").is_file()
