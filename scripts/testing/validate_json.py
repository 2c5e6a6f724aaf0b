#!/usr/bin/env python3
"""Validates JSON on stdin against one definition of docs/json-schema.json (Draft 2020-12).

  validate_json.py SCHEMA.json DEFINITION < output.json
Prints every violation with its path and exits 1 when there is one; exits 0 when the document fits.
"""
import json
import sys

import jsonschema


def main():
    schema_path, definition = sys.argv[1], sys.argv[2]
    with open(schema_path, encoding="utf-8") as handle:
        schema = json.load(handle)
    jsonschema.Draft202012Validator.check_schema(schema)
    if definition not in schema["$defs"]:
        sys.exit(f"no definition {definition!r} in {schema_path}")
    document = json.load(sys.stdin)
    target = dict(schema, **{"$ref": f"#/$defs/{definition}"})
    errors = sorted(jsonschema.Draft202012Validator(target).iter_errors(document), key=str)
    for error in errors:
        path = "/".join(str(part) for part in error.absolute_path) or "(top)"
        print(f"{definition} at {path}: {error.message}")
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
