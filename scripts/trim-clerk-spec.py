#!/usr/bin/env python3
"""Derives the trimmed Clerk Backend API document the contract tests serve with Prism.

Keeps only the paths this project calls (all their operations), the components those reference (followed
transitively), and what validation needs: types, required, enums, nullable, formats, bounds, examples, every
response (errors included) and the security scheme. Prose (description, summary, tags, externalDocs) and the
SDK-generator extensions (x-*) are dropped. Output is deterministic: keys are sorted below a fixed top level.

This script is the only thing in the repository that reads the full upstream spec; tests read its output.

    python3 scripts/trim-clerk-spec.py [SOURCE] [--output OUT]
"""

import argparse
import hashlib
import os
import sys

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_SOURCE = os.path.join(ROOT, "..", "shared", "clerk", "2026-05-12.yml")
DEFAULT_OUTPUT = os.path.join(ROOT, "tests", "contract", "clerk-bapi-2026-05-12.trimmed.yml")

# Every path the client and the simulator use today, plus the write and role-set endpoints planned next.
# Each is kept with all the operations the spec defines for it. A missing path is an error.
REQUIRED_PATHS = [
    "/users",
    "/users/count",
    "/users/{user_id}",
    "/organizations",
    "/organizations/{organization_id}",
    "/organizations/{organization_id}/memberships",
    "/organizations/{organization_id}/memberships/{user_id}",
    "/organization_roles",
    "/organization_permissions",
    "/role_sets",
    "/role_sets/{role_set_key_or_id}",
]
# Kept when the spec has it; older spec versions lack the instance-wide list.
OPTIONAL_PATHS = ["/organization_memberships"]

HTTP_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}
PROSE = {"description", "summary", "tags", "externalDocs"}
# Values kept verbatim: their keys are data (examples) or names (properties), never OpenAPI keywords.
VERBATIM = {"example", "examples", "enum"}


def fail(message):
    print(f"trim-clerk-spec: {message}", file=sys.stderr)
    sys.exit(1)


def strip(node, keep_description=False):
    """Drops prose and x- extensions from an OpenAPI node; property names and example data stay untouched."""
    if isinstance(node, list):
        return [strip(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for key, value in node.items():
        if key == "description" and keep_description:
            out[key] = value
        elif key in PROSE or (isinstance(key, str) and key.startswith("x-")):
            continue
        elif key in VERBATIM:
            out[key] = value
        elif key == "properties" and isinstance(value, dict):
            out[key] = {name: strip(schema) for name, schema in value.items()}
        elif key == "responses" and isinstance(value, dict):
            out[key] = {code: strip_response(response) for code, response in value.items()}
        else:
            out[key] = strip(value)
    return out


def strip_response(response):
    # OpenAPI 3.0 requires a description on every Response object; upstream's are one-liners ("Success").
    return strip(response, keep_description=True)


def refs(node):
    """Yields every local component reference: $ref values and discriminator mapping targets."""
    if isinstance(node, list):
        for item in node:
            yield from refs(item)
    elif isinstance(node, dict):
        for key, value in node.items():
            if key in ("example", "examples"):
                continue
            if key == "$ref" and isinstance(value, str):
                yield value
            elif key == "mapping" and isinstance(value, dict):
                yield from (v for v in value.values() if isinstance(v, str) and v.startswith("#/"))
            else:
                yield from refs(value)


def sort_keys(node):
    if isinstance(node, dict):
        return {key: sort_keys(node[key]) for key in sorted(node, key=str)}
    if isinstance(node, list):
        return [sort_keys(item) for item in node]
    return node


def trim(spec):
    paths = spec.get("paths") or {}
    missing = [p for p in REQUIRED_PATHS if p not in paths]
    if missing:
        fail("the source spec lacks " + ", ".join(missing))

    kept_paths = {}
    for path in REQUIRED_PATHS + [p for p in OPTIONAL_PATHS if p in paths]:
        item = paths[path]
        kept_paths[path] = strip({k: v for k, v in item.items() if k in HTTP_METHODS or k in ("parameters", "servers")})

    components = spec.get("components") or {}
    kept = {}
    pending = list(refs(kept_paths))
    seen = set()
    while pending:
        ref = pending.pop()
        if ref in seen:
            continue
        seen.add(ref)
        parts = ref.split("/")
        if len(parts) != 4 or parts[:2] != ["#", "components"]:
            fail(f"unsupported reference {ref}")
        section, name = parts[2], parts[3].replace("~1", "/").replace("~0", "~")
        try:
            target = components[section][name]
        except KeyError:
            fail(f"dangling reference {ref}")
        node = strip_response(target) if section == "responses" else strip(target)
        kept.setdefault(section, {})[name] = node
        pending.extend(refs(node))

    # The security schemes every operation authenticates with (the top-level security applies to all).
    kept["securitySchemes"] = strip(components.get("securitySchemes") or {})

    info = spec.get("info") or {}
    top = {
        "openapi": spec["openapi"],
        "info": {k: info[k] for k in ("title", "version", "license") if k in info},
        "servers": spec.get("servers") or [],
        "security": spec.get("security") or [],
        "paths": sort_keys(kept_paths),
        "components": sort_keys(kept),
    }
    return {k: v for k, v in top.items() if v or k in ("paths", "components")}


class Dumper(yaml.SafeDumper):
    """Never emits anchors/aliases: the output must read the same in any YAML parser."""

    def ignore_aliases(self, data):
        return True


def main():
    parser = argparse.ArgumentParser(description="Trim Clerk's Backend API spec to what this project uses.")
    parser.add_argument("source", nargs="?", default=DEFAULT_SOURCE, help="full upstream spec (default: %(default)s)")
    parser.add_argument("--output", default=DEFAULT_OUTPUT, help="trimmed document (default: %(default)s)")
    args = parser.parse_args()

    try:
        with open(args.source, "rb") as f:
            raw = f.read()
    except OSError as e:
        fail(f"cannot read {args.source}: {e.strerror}")
    try:
        spec = yaml.safe_load(raw)
    except yaml.YAMLError as e:
        fail(f"{args.source} is not YAML: {str(e).splitlines()[0]}")
    if not isinstance(spec, dict) or "openapi" not in spec:
        fail(f"{args.source} is not an OpenAPI document")

    body = yaml.dump(trim(spec), Dumper=Dumper, sort_keys=False, allow_unicode=True, width=120, default_flow_style=False)
    header = (
        "# Generated by scripts/trim-clerk-spec.py; do not edit. See tests/contract/README.md.\n"
        f"# Source: clerk/openapi-specs bapi/{os.path.basename(args.source)}, "
        f"sha256 {hashlib.sha256(raw).hexdigest()}\n"
    )

    # Write beside the target and rename, so a failure never leaves half a file.
    tmp = args.output + ".tmp"
    os.makedirs(os.path.dirname(os.path.abspath(args.output)), exist_ok=True)
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        f.write(header + body)
    os.replace(tmp, args.output)
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
