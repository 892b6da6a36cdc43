"""Schema versions of the data file and the steps that bring an older file up to date."""

from __future__ import annotations

from collections.abc import Callable

SCHEMA_VERSION = 1
META_TABLE = "meta"
RECORD_TABLES = {"O": "objectives", "KR": "key_results", "I": "initiatives", "K": "kpis"}


def schema_version(data: dict) -> int:
    """The file's schema version; a file of tables without our meta document is version 0."""
    meta = data.get(META_TABLE, {}).get("1")
    if meta is None:
        return 0 if data else SCHEMA_VERSION
    version = meta.get("schema_version", 0) if isinstance(meta, dict) else None
    if type(version) is not int or version < 0:
        raise ValueError(f"the schema version {version!r} is not a version number")
    return version


def new_meta() -> dict:
    """The meta document of a new file: schema version and id counters."""
    return {"schema_version": SCHEMA_VERSION, "counters": {prefix: 0 for prefix in RECORD_TABLES}}


def _v0_to_v1(data: dict) -> dict:
    """Version 0 (plain TinyDB tables): add the meta document, id counters and a rev on every record."""
    meta = new_meta()
    for prefix, table in RECORD_TABLES.items():
        docs = data.setdefault(table, {})
        for doc_id, doc in docs.items():
            doc.setdefault("id", f"{prefix}-{doc_id}")
            doc.setdefault("rev", 1)
        meta["counters"][prefix] = max((int(doc_id) for doc_id in docs), default=0)
    data[META_TABLE] = {"1": meta}
    return data


MIGRATIONS: dict[int, Callable[[dict], dict]] = {0: _v0_to_v1}
"""From version N to N + 1."""


def migrate(data: dict) -> dict:
    """Run every step from the file's version up to SCHEMA_VERSION."""
    version = schema_version(data)
    while version < SCHEMA_VERSION:
        data = MIGRATIONS[version](data)
        version += 1
        data[META_TABLE]["1"]["schema_version"] = version
    return data
