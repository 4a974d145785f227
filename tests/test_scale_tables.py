"""Shard tables: `to_table` coerces values column by column, as `_coerce` does value by value."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pyarrow as pa

from pipeline.shards import SCHEMAS, _coerce, to_table

# Values as NLP components and the text stage hand them over: native types, numbers as text,
# dates as ISO strings, nested JSON-like values, bools where ints are expected, junk.
VALUES = [
    None, "teks", "2024-04-03", "2024-04-03T10:00:00", "17", "3.5", "tidak angka", 17, 0, True,
    False, 2.5, 3.0, {"a": 1}, ["x", 2], date(2024, 4, 3), datetime(2024, 4, 3, tzinfo=UTC),
]  # fmt: skip


def _rows(schema: pa.Schema, count: int) -> list[dict]:
    return [
        {f.name: VALUES[(i * 7 + j) % len(VALUES)] for j, f in enumerate(schema)}
        for i in range(count)
    ]


def _reference(rows: list[dict], schema: pa.Schema) -> pa.Table:
    columns = {f.name: [_coerce(row.get(f.name), f.type) for row in rows] for f in schema}
    return pa.Table.from_pydict(columns, schema=schema)


def _safe(build, rows: list[dict], schema: pa.Schema):
    try:
        return build(rows, schema)
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError) as error:
        return type(error)


def test_to_table_equals_value_by_value_coercion() -> None:
    compared = 0
    for name, schema in SCHEMAS.items():
        for field in schema:
            # one column at a time, each value in turn: every (type, value) pair is checked
            column_schema = pa.schema([field])
            for value in VALUES:
                rows = [{field.name: value}, {field.name: None}, {}]
                expected = _safe(_reference, rows, column_schema)
                got = _safe(to_table, rows, column_schema)
                assert got == expected or (isinstance(got, pa.Table) and got.equals(expected)), (
                    name,
                    field.name,
                    value,
                )
                compared += 1
    assert compared > 300


def test_to_table_coerces_text_to_column_types() -> None:
    schema = pa.schema([("n", pa.int32()), ("x", pa.float64()), ("d", pa.date32()),
                        ("s", pa.string())])  # fmt: skip
    table = to_table([{"n": "17", "x": "3.5", "d": "2024-04-03T10:00", "s": {"a": 1}}], schema)
    assert table.to_pylist() == [{"n": 17, "x": 3.5, "d": date(2024, 4, 3), "s": '{"a": 1}'}]
    table = to_table([{"n": 1, "x": 2, "s": "teks", "extra": 1}, {}], schema)
    assert table.to_pylist() == [
        {"n": 1, "x": 2.0, "d": None, "s": "teks"},
        {"n": None, "x": None, "d": None, "s": None},
    ]
