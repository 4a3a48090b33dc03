#!/usr/bin/env python3
"""Instances for the round-trip oracle (conformance/src/roundtrip.rs), made and certified by
third-party tools: hypothesis-jsonschema draws them from each schema, and openapi-schema-validator
(the OpenAPI dialects of Python `jsonschema`) certifies each one against the schema **as the spec
wrote it**: the original files, `$ref`s resolved by `referencing` from disk, never clientgen's
bundle. The spec's own examples are tried too, and kept only when certified.

Usage: roundtrip-instances.py < REQUEST.json > INSTANCES.jsonl
REQUEST: {"spec": path, "dialect": "3.0" | "3.1" | "2.0", "count": n, "seconds": s,
          "targets": [{"id": ..., "pointer": "#/components/schemas/Pet", "direction": "both" | "read" | "write"}]}
Each output line: {"id", "uri": the schema's location (file URI and pointer, refs followed),
"instances": [...], "examples": how many of them are the spec's own, "rejected": [first refusals],
"narrowed": the spec's examples set aside by the narrowings below, "error": why none could be made,
or null}.

What the generator is told beyond the schema (each a narrowing of what is drawn, never of what is
certified): `$ref` cycles are cut after two turns, unbounded integers stay within i64 (the range
the client's integer types promise; see ROUNDTRIP.md), objects get no property their schema does
not declare unless it keeps such properties (per alternative of a union: an instance of one
carries none only another declares), a schema with object keywords and no `type` draws objects,
and `format: byte` and `uuid` draw their patterns. The spec's examples are held to the same
narrowings: one that breaks them is set aside and counted, not judged.
"""

import json
import resource
import signal
import sys
import warnings
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin

import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import HypothesisWarning
from hypothesis_jsonschema import from_schema
from hypothesis_jsonschema._from_schema import STRING_FORMATS
from openapi_schema_validator import (
    OAS30ReadValidator,
    OAS30Validator,
    OAS30WriteValidator,
    OAS31Validator,
    oas30_format_checker,
    oas31_format_checker,
)
from jsonschema import Draft7Validator
from referencing import Registry, Resource, Specification
from referencing.jsonschema import DRAFT4, DRAFT202012

warnings.simplefilter("ignore", HypothesisWarning)

I64 = (-(2**63), 2**63 - 1)
INT_FORMATS = {"int8": (-(2**7), 2**7 - 1), "int16": (-(2**15), 2**15 - 1), "int32": (-(2**31), 2**31 - 1),
               "int64": I64, "uint8": (0, 2**8 - 1), "uint16": (0, 2**16 - 1), "uint32": (0, 2**32 - 1),
               "uint64": (0, 2**64 - 1)}
# A union of unions is closed per combination of alternatives up to this many; past it, by the
# union of their names.
MAX_ALTERNATIVES = 32
# Keywords that describe, or only mean something to OpenAPI: nothing to draw from.
ANNOTATIONS = {"discriminator", "xml", "example", "examples", "externalDocs", "readOnly", "writeOnly",
               "deprecated", "description", "title", "default", "$comment", "contentMediaType",
               "contentEncoding", "$schema", "$id", "$anchor", "$dynamicAnchor", "nullable"}


# A schema with these and no `type` is read as an object schema (JSON Schema lets any other
# value through too; clientgen types it as a struct).
OBJECT_KEYWORDS = {"properties", "required", "additionalProperties", "patternProperties", "minProperties",
                   "maxProperties"}


class Loader(yaml.CSafeLoader if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader):
    """YAML as JSON sees it: `2024-01-01` stays a string (no timestamps)."""


Loader.yaml_implicit_resolvers = {
    k: [(tag, regexp) for tag, regexp in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

_documents = {}


def load(uri):
    if uri not in _documents:
        path = Path(unquote(uri[len("file://"):]))
        text = path.read_text(encoding="utf-8")
        _documents[uri] = json.loads(text) if path.suffix == ".json" else yaml.load(text, Loader=Loader)
        index(uri, _documents[uri], "", uri, False)
    return _documents[uri]


# JSON Schema's own names (2020-12, OpenAPI 3.1): a schema with `$id` is a resource, against
# whose URI the references inside it resolve; `$anchor`/`$dynamicAnchor` name a schema within
# its resource. Per file: [(pointer, absolute URI)]; per resource URI and anchor: where.
_resources = {}
_by_id = {}
_anchors = {}
VALUES = {"example", "examples", "default", "const", "enum"}


def index(uri, node, pointer, base, in_value):
    if isinstance(node, dict):
        if not in_value:
            if isinstance(node.get("$id"), str):
                base = urldefrag(urljoin(base, node["$id"]))[0]
                _by_id.setdefault(base, (uri, pointer))
                _resources.setdefault(uri, []).append((pointer, base))
            for key in ("$anchor", "$dynamicAnchor"):
                if isinstance(node.get(key), str):
                    _anchors.setdefault((base, node[key]), (uri, pointer))
        for key, value in node.items():
            index(uri, value, pointer + "/" + escape(key), base, in_value or key in VALUES)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            index(uri, value, "%s/%d" % (pointer, i), base, in_value)


def reference(node):
    """A schema's `$ref`, or its `$dynamicRef` read as the static reference it starts from."""
    if isinstance(node, dict):
        for key in ("$ref", "$dynamicRef"):
            if isinstance(node.get(key), str):
                return node[key]
    return None


def target_of(uri, pointer, ref):
    """Where `ref`, met at `pointer` of the file at `uri`, leads: `file-uri#pointer`."""
    base = uri
    for at, resource_uri in _resources.get(uri, []):
        if pointer == at or pointer.startswith(at + "/"):
            base = resource_uri  # outermost first: the innermost enclosing resource wins
    t_uri, fragment = urldefrag(urljoin(base, ref))
    file, at = _by_id.get(t_uri, (t_uri, ""))
    if fragment and not fragment.startswith("/"):
        if file.startswith("file:"):
            load(file)
        found = _anchors.get((t_uri, fragment))
        if found is not None:
            (file, at), fragment = found, ""
    return file + "#" + at + fragment


def unescape(token):
    return token.replace("~1", "/").replace("~0", "~")


def escape(token):
    return str(token).replace("~", "~0").replace("/", "~1")


def step(node, token):
    if isinstance(node, list):
        return node[int(token)]
    return node[token]


def follow(uri, pointer, node):
    """A `$ref` object replaced by what it names (repeatedly): (uri, pointer, node)."""
    seen = set()
    while reference(node) is not None:
        target = target_of(uri, pointer, reference(node))
        if target in seen:
            raise ValueError("a $ref cycle at " + target)
        seen.add(target)
        uri, fragment = urldefrag(target)
        uri, pointer, node = walk(uri, fragment)
    return uri, pointer, node


def walk(uri, pointer, keep_last=False):
    """The node at `pointer` of the document at `uri`, `$ref`s on the way followed."""
    node, at = load(uri), ""
    tokens = [unescape(t) for t in pointer.split("/")[1:]] if pointer else []
    for index, token in enumerate(tokens):
        uri, at, node = follow(uri, at, node)
        node = step(node, token)
        at += "/" + escape(token)
    if not keep_last:
        uri, at, node = follow(uri, at, node)
    return uri, at, node


def alternatives(schema, uri, pointer, stack):
    """The sets of property names an object schema declares, one per way of satisfying its
    `oneOf`/`anyOf` alternatives (through `$ref`s and `allOf`s); None when it keeps undeclared
    properties too (`additionalProperties` or `patternProperties` say so)."""
    if not isinstance(schema, dict):
        return [set()]
    if reference(schema) is not None:
        target = target_of(uri, pointer, reference(schema))
        if target in stack:
            return [set()]
        t_uri, fragment = urldefrag(target)
        t_uri, t_at, node = walk(t_uri, fragment)
        return alternatives(node, t_uri, t_at, stack + [target])
    if schema.get("additionalProperties", False) is not False or "patternProperties" in schema:
        return None
    if schema.get("unevaluatedProperties", False) is not False:
        return None
    # Properties `then`, `else` or a dependent schema declare may be present too.
    sometimes = set()
    parts = [schema.get("then"), schema.get("else")] + list((schema.get("dependentSchemas") or {}).values())
    for key, part in zip(["then", "else"] + ["dependentSchemas/" + escape(k) for k in schema.get("dependentSchemas") or {}], parts):
        if isinstance(part, dict):
            declared = alternatives(part, uri, pointer + "/" + key, stack)
            if declared is None:
                return None
            sometimes = sometimes.union(*declared)
    found = [set(schema.get("properties") or {}) | sometimes]
    for key in ("allOf", "anyOf", "oneOf"):
        parts = schema.get(key) or []
        if not parts:
            continue
        per_part = [alternatives(part, uri, "%s/%s/%d" % (pointer, key, i), stack) for i, part in enumerate(parts)]
        if any(p is None for p in per_part):
            return None
        if key == "allOf":
            for part in per_part:
                found = [a | b for a in found for b in part]
        else:
            found = [a | b for a in found for part in per_part for b in part]
        if len(found) > MAX_ALTERNATIVES:
            found = [set().union(*found)]
    unique = []
    for names in found:
        if names not in unique:
            unique.append(names)
    return unique


def closing(names):
    return {"properties": {name: True for name in sorted(names)}, "additionalProperties": False}


def closed(schema, uri, pointer, dialect, stack):
    """`drawable`, with no property the schema does not declare: a client keeps undeclared
    properties only where the schema asks it to (`additionalProperties`), so none are drawn
    where it does not (this narrows what is drawn, never what is certified). A union is closed
    per alternative: an instance of one alternative carries no property only another declares."""
    out = drawable(schema, uri, pointer, dialect, stack)
    # Its own walk: the references `drawable` followed to get here say nothing about which
    # properties this schema declares (inside a recursion, every one of them was followed).
    found = alternatives(schema, uri, pointer, [])
    if out is False or found is None or not any(found):
        return out
    if len(found) == 1:
        return dict(closing(found[0]), allOf=[out])
    per_branch = closed_branches(schema, uri, pointer, dialect, stack)
    if per_branch is not None:
        return per_branch
    return {"allOf": [out], "anyOf": [closing(names) for names in found]}


def closed_branches(schema, uri, pointer, dialect, stack):
    """A union (`oneOf`/`anyOf`, reached through `$ref`s) drawn with each alternative closed
    where it is chosen: by its own names and those the union's schema declares beside it. None
    when the union is not that simple (one inside an `allOf` part)."""
    while isinstance(schema, dict):
        described = {k for k in schema if k not in ANNOTATIONS and not k.startswith("x-")}
        if described == {"allOf"} and isinstance(schema["allOf"], list) and len(schema["allOf"]) == 1:
            schema, pointer = schema["allOf"][0], pointer + "/allOf/0"  # a description beside a $ref
            continue
        if not (described in ({"$ref"}, {"$dynamicRef"}) and reference(schema) is not None):
            break
        target = target_of(uri, pointer, reference(schema))
        if target in stack:
            return None
        stack = stack + [target]
        uri, fragment = urldefrag(target)
        uri, pointer, schema = walk(uri, fragment)
    keys = [k for k in ("oneOf", "anyOf") if isinstance(schema.get(k), list)] if isinstance(schema, dict) else []
    if len(keys) != 1:
        return None
    key = keys[0]
    beside = alternatives({k: v for k, v in schema.items() if k != key}, uri, pointer, [])
    if beside is None or len(beside) != 1:
        return None
    branches = []
    for index, branch in enumerate(schema[key]):
        own = alternatives(branch, uri, "%s/%s/%d" % (pointer, key, index), [])
        if own is None:
            drawn = branch
        elif len(own) == 1:
            drawn = dict(closing(beside[0] | own[0]), allOf=[branch])
        else:
            drawn = {"allOf": [branch], "anyOf": [closing(beside[0] | names) for names in own]}
        tag = discriminator_values(schema, uri, pointer, branch)
        if tag is not None:
            drawn = {"allOf": [drawn, {"properties": {tag[0]: {"enum": tag[1]}}}]}
        branches.append(drawn)
    return drawable(dict(schema, **{key: branches}), uri, pointer, dialect, stack)


def discriminator_values(schema, uri, pointer, branch):
    """The discriminator's property and the values that choose `branch` (a `$ref`): the
    `mapping` entries naming it, else its schema's name. OpenAPI decides by that value which
    alternative an instance is, whatever other alternative its properties would also fit, so an
    alternative is drawn with the values that name it (JSON Schema validators, which certify
    the instance, do not read `discriminator`)."""
    found = schema.get("discriminator")
    if not isinstance(found, dict) or not isinstance(found.get("propertyName"), str):
        return None
    if not isinstance(branch, dict) or not isinstance(branch.get("$ref"), str):
        return None
    base = uri + "#" + pointer
    target = target_of(uri, pointer, branch["$ref"])
    values = []
    for value, named in (found.get("mapping") or {}).items():
        if not isinstance(named, str):
            continue
        # A bare name (`Cat`) is a component's; anything else is a reference.
        ref = named if ("/" in named or "#" in named or "." in named) else "#/components/schemas/" + named
        if target_of(uri, pointer, ref) == target:
            values.append(value)
    if not values:
        values = [unescape(target.rsplit("/", 1)[-1])]
    return found["propertyName"], values


def drawable(schema, uri, pointer, dialect, stack):
    """A self-contained JSON Schema (draft 7) to draw from: refs inlined, OpenAPI 3.0 idioms in
    their JSON Schema form, formats hypothesis does not know dropped."""
    if isinstance(schema, bool):
        return schema
    if not isinstance(schema, dict):
        return {}
    if reference(schema) is not None:
        target = target_of(uri, pointer, reference(schema))
        # Cycles are cut after two turns, and a document whose references fan out (Stripe's
        # expansions reach most of its schemas from each) is cut past a depth and a size: what
        # lies beyond is not drawn (an optional property there is left out).
        _budget[0] -= 1
        if stack.count(target) >= 2 or len(stack) >= MAX_REF_DEPTH or _budget[0] <= 0:
            return False
        t_uri, fragment = urldefrag(target)
        t_uri, t_at, node = walk(t_uri, fragment)
        inner = drawable(node, t_uri, t_at, dialect, stack + [target])
        rest = {k: v for k, v in schema.items() if k not in ("$ref", "$dynamicRef")}
        if dialect != "3.1" or not (set(rest) - ANNOTATIONS):
            return inner
        return {"allOf": [inner, drawable(rest, uri, pointer, dialect, stack)]}
    out = {}
    for key, value in schema.items():
        here = pointer + "/" + escape(key)
        if key in ANNOTATIONS or key.startswith("x-"):
            continue
        if key in ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas"):
            if isinstance(value, dict):
                # Draft 7 (what is drawn from) writes `dependentSchemas` as `dependencies`.
                out["dependencies" if key == "dependentSchemas" else key] = {
                    k: closed(v, uri, here + "/" + escape(k), dialect, stack) for k, v in value.items()}
        elif key in ("allOf", "anyOf", "oneOf") and isinstance(value, list):
            out[key] = [drawable(v, uri, here + "/" + str(i), dialect, stack) for i, v in enumerate(value)]
        elif key == "prefixItems" and isinstance(value, list):
            out["items"] = [closed(v, uri, here + "/" + str(i), dialect, stack) for i, v in enumerate(value)]
            if "items" in schema:
                out["additionalItems"] = closed(schema["items"], uri, pointer + "/items", dialect, stack)
        elif key == "items" and "prefixItems" in schema:
            continue
        elif key == "items" and isinstance(value, list):
            out[key] = [closed(v, uri, here + "/" + str(i), dialect, stack) for i, v in enumerate(value)]
        elif key in ("items", "additionalProperties", "additionalItems", "contains") and not isinstance(value, bool):
            out[key] = closed(value, uri, here, dialect, stack)
        elif key in ("not", "propertyNames", "items", "additionalProperties", "additionalItems", "contains",
                     "if", "then", "else", "unevaluatedProperties", "unevaluatedItems"):
            out[key] = drawable(value, uri, here, dialect, stack)
        elif key == "format":
            if value in STRING_FORMATS:
                out[key] = value
            elif value == "uuid":
                out["pattern"] = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
            elif value == "byte":
                out["pattern"] = "^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$"
        elif key in ("exclusiveMinimum", "exclusiveMaximum") and isinstance(value, bool):
            bound = "minimum" if key == "exclusiveMinimum" else "maximum"
            if value and bound in schema:
                out[key] = schema[bound]
        elif key in ("minimum", "maximum") and schema.get("exclusive" + key[:1].upper() + key[1:]) is True:
            continue
        elif key == "type" and value == "file":  # Swagger 2.0 form files: nothing to draw
            return False
        else:
            out[key] = value
    if "type" not in schema and OBJECT_KEYWORDS & set(schema):
        out["type"] = "object"
    types = out.get("type")
    is_integer = types == "integer" or (isinstance(types, list) and "integer" in types)
    if is_integer:
        low, high = INT_FORMATS.get(schema.get("format"), I64)
        out["minimum"] = max(out.get("minimum", low), low)
        out["maximum"] = min(out.get("maximum", high), high)
    if dialect != "3.1" and schema.get("nullable") is True:
        return {"anyOf": [out, {"type": "null"}]}
    return out


MAX_REF_DEPTH = 6
INLINE_BUDGET = 4000
_budget = [INLINE_BUDGET]


class OutOfTime(BaseException):
    pass


def on_alarm(signum, frame):
    # Raised where the program is; where that swallows it (a garbage-collector callback), the
    # timer fires again shortly.
    signal.setitimer(signal.ITIMER_REAL, 0.5)
    raise OutOfTime()


def draw(schema, count, drawn):
    """Appends up to `count` values to `drawn` (kept when time runs out part way)."""

    @settings(max_examples=count, database=None, deadline=None, derandomize=True,
              suppress_health_check=list(HealthCheck), phases=[Phase.generate])
    @given(from_schema(schema, allow_x00=False))
    def collect(value):
        drawn.append(value)

    collect()


def own_examples(node, parent):
    """The spec's own examples of a schema (and of the media type holding it)."""
    found = []
    for holder in (node, parent):
        if not isinstance(holder, dict):
            continue
        if "example" in holder:
            found.append(holder["example"])
        examples = holder.get("examples")
        if isinstance(examples, list):
            found.extend(examples)
        elif isinstance(examples, dict):
            found.extend(e["value"] for e in examples.values() if isinstance(e, dict) and "value" in e)
    return found


def is_json(media_type):
    essence = media_type.split(";")[0].strip().lower()
    return essence == "application/json" or essence.endswith("+json") or essence in ("*/*", "application/*")


def body_schema(root, pointer, dialect):
    """The pointer of the JSON schema of a response (`…/responses/200`) or request body
    (`…/requestBody`): its first JSON (or, for a request, form) media type's, or Swagger 2.0's `schema` (or `in: body`
    parameter's)."""
    if dialect == "2.0":
        if pointer.endswith("/requestBody"):
            operation = pointer[: -len("/requestBody")]
            _, _, node = walk(root, operation)
            for index, parameter in enumerate(node.get("parameters") or []):
                _, _, parameter = follow(root, operation + "/parameters/%d" % index, parameter)
                if parameter.get("in") == "body":
                    return operation + "/parameters/%d/schema" % index
            raise KeyError("no body parameter at " + operation)
        return pointer + "/schema"
    _, _, node = walk(root, pointer)
    for media_type in node.get("content") or {}:
        form = pointer.endswith("/requestBody") and media_type.startswith("application/x-www-form-urlencoded")
        if is_json(media_type) or form:
            return "%s/content/%s/schema" % (pointer, escape(media_type))
    raise KeyError("no JSON media type at " + pointer)


def with_ids(base):
    """`base`, for a whole OpenAPI document whose schemas have `$id`s: JSON Schema validators
    know where schemas sit only inside other schemas (`properties`, `$defs`…), so a `$id` under
    `components/schemas` would not change the base URI its schema's references resolve against,
    nor be found by its URI. Here every object of the document (values and examples aside) is a
    place a resource may start: one with a `$id` is entered and registered."""
    def subresources_of(contents):
        if not isinstance(contents, dict):
            return
        for key, value in contents.items():
            if key in VALUES:
                continue
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, dict):
                    yield item

    def maybe_in_subresource(segments, resolver, subresource):
        if isinstance(subresource.contents, dict) and isinstance(subresource.contents.get("$id"), str):
            return resolver.in_subresource(subresource)
        return resolver

    return Specification(name=base.name + " in OpenAPI", id_of=base.id_of, subresources_of=subresources_of,
                         anchors_in=lambda spec, contents: base.anchors_in(contents),
                         maybe_in_subresource=maybe_in_subresource)


def validator_for(dialect, direction, uri, registry):
    if dialect == "3.1":
        cls, checker = OAS31Validator, oas31_format_checker
    else:
        cls = {"read": OAS30ReadValidator, "write": OAS30WriteValidator}.get(direction, OAS30Validator)
        checker = oas30_format_checker
    return cls({"$ref": uri}, registry=registry, format_checker=checker)


def canonical(value):
    """JSON text as it would go on the wire (hypothesis may draw tuples or sets-as-lists)."""
    return json.loads(json.dumps(value))


def main():
    # A schema that would take more memory than this is refused (MemoryError, reported), never
    # the machine's memory.
    resource.setrlimit(resource.RLIMIT_AS, (6 << 30, 6 << 30))
    request = json.load(sys.stdin)
    dialect, count, seconds = request["dialect"], request.get("count", 12), request.get("seconds", 8)
    root = Path(request["spec"]).resolve().as_uri()
    spec = DRAFT202012 if dialect == "3.1" else DRAFT4
    load(root)
    if dialect == "3.1" and _by_id:
        spec = with_ids(spec)
    registry = Registry(retrieve=lambda uri: Resource(contents=load(uri), specification=spec))
    signal.signal(signal.SIGALRM, on_alarm)
    for target in request["targets"]:
        line = {"id": target["id"], "uri": None, "instances": [], "examples": 0, "rejected": [], "narrowed": 0,
                "error": None}
        try:
            pointer = target["pointer"].lstrip("#")
            try:
                walk(root, pointer, keep_last=True)
            except (KeyError, IndexError, ValueError):
                if pointer.startswith(("/components/", "/definitions/")):
                    line["absent"] = True  # a schema of another file, bundled: reached through the bodies
                    print(json.dumps(line), flush=True)
                    continue
                raise
            if "/responses/" in pointer or pointer.endswith("/requestBody"):
                pointer = body_schema(root, pointer, dialect)
            uri, at, node = walk(root, pointer, keep_last=True)
            parent_uri, parent_at, parent = walk(root, pointer.rsplit("/", 1)[0])
            line["uri"] = uri + "#" + at
            validator = validator_for(dialect, target.get("direction"), line["uri"], registry)
            examples = own_examples(follow(uri, at, node)[2], parent)
            _budget[0] = INLINE_BUDGET
            signal.setitimer(signal.ITIMER_REAL, seconds)
            drawn, shape = [], None
            try:
                shape = closed(node, uri, at, dialect, [])
                draw(shape, count, drawn)
            except OutOfTime:
                line["error"] = "hypothesis-jsonschema took longer than %ss" % seconds
            except Exception as error:  # a schema it cannot draw from (a pattern Python cannot read...)
                line["error"] = "hypothesis-jsonschema: %s: %s" % (type(error).__name__, str(error)[:200])
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
            # The spec's examples are narrowed as draws are: one with a property its schema does
            # not declare is set aside (counted), not judged.
            narrow = Draft7Validator(shape) if shape is not None else None
            candidates = []
            for example in examples:
                if narrow is not None and not narrow.is_valid(canonical(example)):
                    line["narrowed"] += 1
                else:
                    candidates.append((example, True))
            candidates += [(v, False) for v in drawn]
            seen = set()
            for value, is_example in candidates:
                value = canonical(value)
                key = json.dumps(value, sort_keys=True)
                if key in seen:
                    continue
                seen.add(key)
                problem = next(iter(validator.iter_errors(value)), None)
                if problem is None:
                    line["instances"].append(value)
                    line["examples"] += is_example
                elif len(line["rejected"]) < 3:
                    line["rejected"].append({"value": value, "why": problem.message[:300], "example": is_example})
        except Exception as error:
            line["error"] = "%s: %s" % (type(error).__name__, str(error)[:300])
        print(json.dumps(line), flush=True)


if __name__ == "__main__":
    main()
