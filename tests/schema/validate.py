#!/usr/bin/env python3
"""Validate petri reports against docs/report.schema.json (JSON Schema 2020-12).

usage: tests/schema/validate.py REPORT.json [REPORT.json ...]

Prints every violation with its JSON path and exits 1 if any report is invalid, 2 on bad usage or
unreadable input, 0 when all reports validate.
"""
import json
import os
import sys

try:
    from jsonschema import Draft202012Validator
except ImportError:
    print("validate.py: python3 jsonschema is missing (apt-get install python3-jsonschema)", file=sys.stderr)
    sys.exit(2)

SCHEMA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "docs", "report.schema.json")


def path_of(error):
    return "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path)


def main(argv):
    if len(argv) < 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    with open(SCHEMA, encoding="utf-8") as f:
        schema = json.load(f)
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema)
    status = 0
    for report_path in argv[1:]:
        try:
            with open(report_path, encoding="utf-8") as f:
                report = json.load(f)
        except (OSError, ValueError) as e:
            print(f"{report_path}: cannot read: {e}", file=sys.stderr)
            return 2
        errors = sorted(validator.iter_errors(report), key=lambda e: list(map(str, e.absolute_path)))
        for e in errors:
            print(f"{report_path}: {path_of(e)}: {e.message}", file=sys.stderr)
        if errors:
            status = 1
        else:
            print(f"{report_path}: valid ({report.get('schema_version')})")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv))
