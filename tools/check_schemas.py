#!/usr/bin/env python3
"""Checks `spotted-ledger --json` outputs against their schemas in docs/schemas/.

Usage: check_schemas.py DIR

Every file DIR/NAME.json or DIR/NAME.CASE.json holds one command's standard output and is checked
against docs/schemas/NAME.schema.json (JSON Schema draft 2020-12), and for the JSON contract of
docs/cli.md: exactly one line, no JSON number above 2^53 in magnitude (such integers are decimal
strings), no empty string (an absent value is null). Every schema must be exercised by at least
one file. Exit code 0 when all pass, 1 when any fails, 3 when the jsonschema package is missing
(run tools/setup).
"""

import json
import sys
from pathlib import Path

try:
    from jsonschema import Draft202012Validator
except ImportError:
    print("check_schemas: the Python package jsonschema is missing; run tools/setup", file=sys.stderr)
    sys.exit(3)

SCHEMAS = Path(__file__).resolve().parent.parent / "docs" / "schemas"
LARGEST_EXACT = 2**53


def contract_problems(value, path="$"):
    """Numbers past 2^53 and empty strings anywhere in a parsed document."""
    if isinstance(value, bool) or value is None:
        return []
    if isinstance(value, (int, float)):
        return [f"{path}: number {value} exceeds 2^53; write it as a decimal string"] if abs(value) > LARGEST_EXACT else []
    if isinstance(value, str):
        return [f"{path}: empty string; an absent value is null"] if value == "" else []
    if isinstance(value, list):
        return [p for i, item in enumerate(value) for p in contract_problems(item, f"{path}[{i}]")]
    return [p for key, item in value.items() for p in contract_problems(item, f"{path}.{key}")]


def load_validators():
    validators = {}
    for file in sorted(SCHEMAS.glob("*.schema.json")):
        schema = json.loads(file.read_text())
        Draft202012Validator.check_schema(schema)
        validators[file.name.removesuffix(".schema.json")] = Draft202012Validator(schema)
    return validators


def check_output(file, validator):
    """The problems of one output file."""
    text = file.read_text()
    lines = text.splitlines()
    if len(lines) != 1 or not text.endswith("\n"):
        return [f"expected exactly one line, got {len(lines)}"]
    try:
        document = json.loads(lines[0])
    except json.JSONDecodeError as error:
        return [f"not JSON: {error}"]
    problems = [
        f"{'/'.join(map(str, e.absolute_path)) or '$'}: {e.message}"
        for e in sorted(validator.iter_errors(document), key=lambda e: list(map(str, e.path)))
    ]
    return problems + contract_problems(document)


def main(argv):
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    validators = load_validators()
    used, failures, checked = set(), 0, 0
    for file in sorted(Path(argv[1]).glob("*.json")):
        name = file.name.split(".")[0]
        if name not in validators:
            print(f"{file.name}: no schema docs/schemas/{name}.schema.json", file=sys.stderr)
            failures += 1
            continue
        used.add(name)
        checked += 1
        for problem in check_output(file, validators[name])[:20]:
            print(f"{file.name}: {problem}", file=sys.stderr)
            failures += 1
    for name in sorted(set(validators) - used):
        print(f"docs/schemas/{name}.schema.json: no output was checked against it", file=sys.stderr)
        failures += 1
    print(f"check_schemas: {checked} outputs against {len(validators)} schemas, {failures} problems")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
