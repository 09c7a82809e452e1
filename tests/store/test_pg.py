"""The PostgreSQL connection's rewriting of the store's SQLite-dialect SQL (store/pg.py): the
rules by themselves, without a server; the store tests run the rewritten SQL for real."""

from __future__ import annotations

import pytest

pytest.importorskip("psycopg", reason="psycopg is not installed (pip install 'quotetrail[postgres]')")

from quotetrail.store.pg import translate  # noqa: E402

KEYS = (("entities", ("id",), ("id", "name", "type")), ("entity_aliases", ("entity_id", "alias"),
        ("entity_id", "alias", "key")), ("role_holders", ("role", "entity_id"), ("role", "entity_id", "n")))


def test_placeholders_and_literal_percent_signs() -> None:
    sql, returning = translate("SELECT id FROM articles WHERE title LIKE '%Hafen%' AND id = ?", KEYS)
    assert sql == "SELECT id FROM articles WHERE title ILIKE '%%Hafen%%' AND id = %s"
    assert returning is None


def test_insert_or_ignore_becomes_on_conflict_do_nothing() -> None:
    sql, _ = translate("INSERT OR IGNORE INTO entity_aliases (entity_id, alias, key) VALUES (?, ?, ?)", KEYS)
    assert sql == "INSERT INTO entity_aliases (entity_id, alias, key) VALUES (%s, %s, %s) ON CONFLICT DO NOTHING"


def test_insert_or_replace_becomes_an_upsert_on_the_primary_key() -> None:
    sql, _ = translate("INSERT OR REPLACE INTO role_holders (role, entity_id, n) VALUES (?, ?, ?)", KEYS)
    assert sql.endswith("ON CONFLICT (role, entity_id) DO UPDATE SET n = EXCLUDED.n")


def test_a_single_row_insert_returns_its_id_for_lastrowid() -> None:
    sql, returning = translate("INSERT INTO entities (name, type) VALUES (?, ?)", KEYS)
    assert (sql, returning) == ("INSERT INTO entities (name, type) VALUES (%s, %s) RETURNING id", "id")


def test_order_by_keeps_sqlites_null_order_except_on_keys() -> None:
    sql, _ = translate("SELECT * FROM articles ORDER BY published DESC, title, id DESC LIMIT ?", KEYS)
    assert sql == "SELECT * FROM articles ORDER BY published DESC NULLS LAST, title NULLS FIRST, id DESC LIMIT %s"


def test_glob_becomes_an_anchored_regular_expression() -> None:
    sql, _ = translate("SELECT name FROM entities WHERE name GLOB '*[0-9]?'", KEYS)
    assert sql == "SELECT name FROM entities WHERE name ~ '^.*[0-9].$'"


def test_upsert_reading_a_column_names_its_table() -> None:
    sql, _ = translate("INSERT INTO role_holders (role, entity_id, n) VALUES (?, ?, 1) "
                       "ON CONFLICT (role, entity_id) DO UPDATE SET n = n + 1", KEYS)
    assert sql.endswith("DO UPDATE SET n = role_holders.n + 1")


def test_a_subquery_in_from_gets_the_alias_postgresql_15_wants() -> None:
    sql, _ = translate("SELECT count(*) FROM (SELECT 1 FROM articles a WHERE a.id IN (SELECT 1) LIMIT ?)", KEYS)
    assert sql == "SELECT count(*) FROM (SELECT 1 FROM articles a WHERE a.id IN (SELECT 1) LIMIT %s) AS _sub1"
    aliased = "SELECT * FROM (SELECT id FROM articles) AS e WHERE e.id > %s"
    assert translate(aliased.replace("%s", "?"), KEYS)[0] == aliased


def test_nocase_becomes_lower_under_the_c_collation() -> None:
    sql, _ = translate("SELECT * FROM articles a ORDER BY a.title COLLATE NOCASE DESC, a.id", KEYS)
    assert sql == 'SELECT * FROM articles a ORDER BY lower(a.title) COLLATE "C" DESC NULLS LAST, a.id'
    sql, _ = translate("SELECT name FROM entities ORDER BY name IS NULL, name COLLATE NOCASE ASC, id", KEYS)
    assert sql == 'SELECT name FROM entities ORDER BY name IS NULL NULLS FIRST, lower(name) COLLATE "C" ASC NULLS FIRST, id'
