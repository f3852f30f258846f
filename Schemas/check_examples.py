#!/usr/bin/env python3
"""Classify every line of Schemas/examples/{valid,invalid}/*.ndjson with the JSON Schemas.

Prints one tab-separated row per non-blank line:

    <valid|invalid>/<file>  <line>  <verdict>  <detail>

where verdict is
    valid           the line is I-JSON and event.schema.json accepts it;
    schema-invalid  the line is I-JSON and event.schema.json rejects it;
    json-invalid    the line is not I-JSON (RFC 7493): broken syntax, invalid UTF-8, a duplicate
                    member name, a lone surrogate, NaN or Infinity.

Numbers are read as exact decimals (so `multipleOf: 0.0001` is exact, and `100.0` is an integer,
as JSON Schema defines). Lines starting with `#` are notes. Tally's Swift test
(`SchemaExamplesTests`) runs this script and compares the verdicts with its own decoder and with
`examples/invalid/EXPECTED.tsv`.

If `price_book.schema.json` (the price book itself, written separately) is not present, a
stand-in requiring only what ingestion checks (an object with a string `id` and an array `models`)
is used, and a note says so.
"""

import json
import os
import sys
from decimal import Decimal

try:
    import jsonschema
    from referencing import Registry, Resource
except ImportError as error:  # pragma: no cover - reported to the caller
    print(f"# missing: {error}", file=sys.stderr)
    sys.exit(3)

HERE = os.path.dirname(os.path.abspath(__file__))
SCHEMAS = sys.argv[1] if len(sys.argv) > 1 else HERE
EXAMPLES = os.path.join(SCHEMAS, "examples")

STAND_IN_BOOK = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "stand-in price book (the real price_book.schema.json is not present)",
    "type": "object",
    "required": ["id", "models"],
    "properties": {"id": {"type": "string", "minLength": 1}, "models": {"type": "array"}},
}


class NotIJSON(ValueError):
    pass


def strict_pairs(pairs):
    seen = set()
    for key, _ in pairs:
        if key in seen:
            raise NotIJSON(f"duplicate member {key!r}")
        seen.add(key)
    return dict(pairs)


def reject_constant(name):
    raise NotIJSON(f"{name} is not JSON")


def check_strings(value):
    """I-JSON forbids lone surrogates, which Python's json module lets through."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise NotIJSON("lone surrogate in a string")
    elif isinstance(value, dict):
        for key, item in value.items():
            check_strings(key)
            check_strings(item)
    elif isinstance(value, list):
        for item in value:
            check_strings(item)


def load_exact(text):
    return json.loads(text, parse_float=Decimal, parse_constant=reject_constant, object_pairs_hook=strict_pairs)


def is_integer(checker, instance):
    if isinstance(instance, bool):
        return False
    if isinstance(instance, int):
        return True
    if isinstance(instance, Decimal):
        return instance.is_finite() and instance == instance.to_integral_value()
    return isinstance(instance, float) and instance.is_integer()


def is_number(checker, instance):
    return not isinstance(instance, bool) and isinstance(instance, (int, float, Decimal))


def build_validator():
    resources = []
    notes = []
    names = [n for n in os.listdir(SCHEMAS) if n.endswith(".schema.json")]
    if "price_book.schema.json" not in names:
        notes.append("price_book.schema.json not found: using a stand-in (object with string id and array models)")
        resources.append(("price_book.schema.json", STAND_IN_BOOK))
    for name in names:
        with open(os.path.join(SCHEMAS, name), encoding="utf-8") as f:
            resources.append((name, load_exact(f.read())))
    registry = Registry()
    for name, contents in resources:
        resource = Resource.from_contents(contents)
        registry = registry.with_resource(name, resource)
        if isinstance(contents, dict) and isinstance(contents.get("$id"), str):
            registry = registry.with_resource(contents["$id"], resource)
    checker = jsonschema.Draft202012Validator.TYPE_CHECKER.redefine_many({"integer": is_integer, "number": is_number})
    Validator = jsonschema.validators.extend(jsonschema.Draft202012Validator, type_checker=checker)
    # Subschemas reached through $ref declare $schema too; make that meta-schema URI map to this
    # class, so exact-decimal integers are integers everywhere.
    jsonschema.validators.validates("https://json-schema.org/draft/2020-12/schema")(Validator)
    schema = dict(resources[[n for n, _ in resources].index("event.schema.json")][1])
    for name, contents in resources:
        Validator.check_schema(contents)
    return Validator(schema, registry=registry), notes


def classify(validator, raw):
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        return "json-invalid", f"invalid UTF-8: {error.reason}"
    try:
        value = load_exact(text)
        check_strings(value)
    except (ValueError, NotIJSON) as error:
        return "json-invalid", str(error).splitlines()[0]
    errors = sorted(validator.iter_errors(value), key=lambda e: list(e.absolute_path))
    if errors:
        best = jsonschema.exceptions.best_match(errors)
        path = "/".join(str(p) for p in best.absolute_path)
        return "schema-invalid", f"{path}: {best.message}"[:300]
    return "valid", ""


def main():
    validator, notes = build_validator()
    for note in notes:
        print(f"# note: {note}")
    for group in ("valid", "invalid"):
        folder = os.path.join(EXAMPLES, group)
        for name in sorted(os.listdir(folder)):
            if not name.endswith(".ndjson"):
                continue
            with open(os.path.join(folder, name), "rb") as f:
                data = f.read()
            if data.startswith(b"\xef\xbb\xbf"):
                data = data[3:]
            for number, raw in enumerate(data.split(b"\n"), 1):
                if raw.endswith(b"\r"):
                    raw = raw[:-1]
                if not raw.strip(b" \t\r"):
                    continue
                verdict, detail = classify(validator, raw)
                detail = detail.replace("\t", " ").replace("\n", " ")
                print(f"{group}/{name}\t{number}\t{verdict}\t{detail}")


if __name__ == "__main__":
    main()
