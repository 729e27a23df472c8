"""Checks the pydantic models datamodel-code-generator made of a schema.

    python check_models.py MODELS.py SCHEMA.json INSTANCES.jsonl

MODELS.py is the generator's output for SCHEMA.json; INSTANCES.jsonl holds what the schema
describes, one JSON document per line (decoded updates, as the Rust decoders' `decode --json`
writes them, for a decoded schema; payloads as GEP sends them for a wire schema). Prints one
JSON object: the classes, those whose names the generator made up (numbered, or from no
`$defs` entry or `title` of the schema), how many instances parsed into the root model, and
each that did not, with its line.
"""

import importlib.util
import json
import re
import sys

models_path, schema_path, decoded_path = sys.argv[1:4]
schema = json.load(open(schema_path, encoding="utf-8"))
spec = importlib.util.spec_from_file_location("models", models_path)
models = importlib.util.module_from_spec(spec)
sys.modules["models"] = models  # pydantic resolves generic models through it
spec.loader.exec_module(models)

source = open(models_path, encoding="utf-8").read()
classes = re.findall(r"^class (\w+)\(", source, re.MULTILINE)

def titles(value):
    """Every `title` in the schema."""
    if isinstance(value, dict):
        if isinstance(value.get("title"), str):
            yield value["title"]
        for member in value.values():
            yield from titles(member)
    elif isinstance(value, list):
        for item in value:
            yield from titles(item)


# Names the schema gives: its `$defs` entries and its titles.
named = set(schema.get("$defs", {})) | set(titles(schema))
made_up = [name for name in classes if name not in named]

root = getattr(models, schema["title"])
failures = []
parsed = 0
with open(decoded_path, encoding="utf-8") as lines:
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            root.model_validate_json(line)
            parsed += 1
        except Exception as error:  # pydantic's ValidationError, or anything else
            first = str(error).splitlines()[:3]
            failures.append(f"{number}: {' '.join(first)[:300]} | {line.strip()[:300]}")

print(json.dumps({"classes": len(classes), "made_up": made_up, "parsed": parsed, "failures": failures}))
