#!/usr/bin/env python3
"""Cross-check petri's Sigma matching against pySigma's SQLite backend.

Input: a JSON file written by the Swift test (SigmaCrosscheckTests):
  {"tables": {"NAME": [{"Field": "value", ...}, ...]},
   "rules":  [{"file": PATH, "tables": ["NAME", ...]}]}
Each table holds the Sigma events of one logsource (category and product) with Sigma's field
names; a rule is queried on the tables its logsource selects. Columns are declared COLLATE NOCASE
(as Zircolite builds them: Sigma compares strings without regard to case); the numeric fields
hold integers, so lt/gte compare numbers; REGEXP is Python's re.search.

Output (stdout): {"FILE": {"NAME": [row, ...]}} -- the 0-based rows each rule's SQL selects.
A rule pySigma cannot convert is reported as {"FILE": {"error": "..."}}.

Usage: sigma_crosscheck.py INPUT.json
"""
import json
import re
import sqlite3
import sys

try:
    from sigma.backends.sqlite import sqliteBackend
    from sigma.collection import SigmaCollection
except ImportError as e:  # the Swift test turns this into a failure under CI=true
    print(f"missing python module: {e.name} (pip install pysigma pysigma-backend-sqlite)", file=sys.stderr)
    sys.exit(3)

NUMERIC = {"processid", "parentprocessid", "destinationport", "sourceport", "querystatus"}


def regexp(pattern, value):
    if value is None:
        return None
    return re.search(pattern, str(value)) is not None


def quote(name):
    return '"' + name.replace('"', '""') + '"'


def build(conn, name, rows):
    columns = sorted({k for r in rows for k in r} | {"row_index"}, key=str.lower)
    conn.execute(f"CREATE TABLE {quote(name)} ({', '.join(quote(c) + ' COLLATE NOCASE' for c in columns)})")
    for i, r in enumerate(rows):
        values = {"row_index": i}
        for k, v in r.items():
            values[k] = int(v) if k.lower() in NUMERIC and re.fullmatch(r"-?[0-9]+", v) else v
        keys = list(values)
        conn.execute(f"INSERT INTO {quote(name)} ({', '.join(map(quote, keys))}) VALUES ({', '.join('?' * len(keys))})",
                     [values[k] for k in keys])


def run(conn, sql, table):
    """Runs a query; a column the rule names but no event has is added as NULL, as ensure_fields does."""
    for _ in range(50):
        try:
            return sorted(row[0] for row in conn.execute(f"SELECT row_index FROM ({sql})"))
        except sqlite3.OperationalError as e:
            m = re.match(r"no such column: (.+)", str(e))
            if not m:
                raise
            conn.execute(f"ALTER TABLE {quote(table)} ADD COLUMN {quote(m.group(1))} COLLATE NOCASE")
    raise RuntimeError("too many missing columns")


def main():
    spec = json.load(open(sys.argv[1]))
    conn = sqlite3.connect(":memory:")
    conn.create_function("REGEXP", 2, regexp, deterministic=True)
    for name, rows in spec["tables"].items():
        build(conn, name, rows)
    out = {}
    for rule in spec["rules"]:
        path = rule["file"]
        try:
            collection = SigmaCollection.from_yaml(open(path).read())
            result = {}
            for table in rule["tables"]:
                queries = sqliteBackend(table=table, collate_nocase=True).convert(collection)
                if len(queries) != 1:
                    raise RuntimeError(f"{len(queries)} queries")
                result[table] = run(conn, queries[0], table)
            out[path] = result
        except Exception as e:  # noqa: BLE001 -- reported per rule, the test decides
            out[path] = {"error": f"{type(e).__name__}: {e}"}
    json.dump(out, sys.stdout, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()
