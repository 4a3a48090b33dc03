#!/usr/bin/env python3
"""Validates captured wire requests, and responses, against an OpenAPI document with openapi-core
(PyPI).

The conformance harness (conformance/, the clientgen-conformance crate) captures every request a generated
client sends and asks this independent validator about it, besides Prism: openapi-core reads
form bodies with their `encoding` (deepObject, explode) and multipart bodies, which Prism does not.

Usage: validate-requests.py SPEC CAPTURED.jsonl  →  one JSON line per request on stdout:
    {"id": ..., "valid": true|false, "message": "..."}
Each input line: {"id", "method", "target" (path?query as sent), "headers": [[name, value]...],
"body_hex", "server": the operation's own server URL, or null for the document's first}.
With a "response" ({"status", "headers": [[name, value]...], "body_hex"}) the line asks about
that response to the request instead (the harness asks only about responses the generated
client could not decode: is the response one the spec allows?).
"""

import json
import sys
from urllib.parse import parse_qsl, unquote, urlsplit

from openapi_core import Config, OpenAPI
from openapi_core.testing import MockRequest, MockResponse
from werkzeug.datastructures import Headers, ImmutableMultiDict


def server_base(spec_dict, own=None):
    """The server's URL (the operation's own, else the document's first with its variables at
    their defaults): (host_url, base path)."""
    servers = spec_dict.get("servers") or [{"url": "/"}]
    url = servers[0].get("url", "/")
    for name, variable in (servers[0].get("variables") or {}).items():
        url = url.replace("{%s}" % name, str(variable.get("default", "")))
    parts = urlsplit(own or url)
    host = "%s://%s" % (parts.scheme or "http", parts.netloc or "localhost")
    return host, parts.path.rstrip("/")


def main():
    spec_path, captured_path = sys.argv[1], sys.argv[2]
    try:
        openapi = OpenAPI.from_file_path(spec_path)
        invalid = ""
    except Exception as error:  # the document breaks a rule of its own (a default of the wrong format)
        # Requests can still be judged against it: load it without openapi-core's document check,
        # and say so with every refusal.
        openapi = OpenAPI.from_file_path(spec_path, config=Config(spec_validator_cls=None))
        invalid = " [openapi-core finds the document itself invalid: %s]" % str(error).splitlines()[0][:300]
    spec_dict = openapi.spec.read_value() if hasattr(openapi.spec, "read_value") else dict(openapi.spec.contents())
    with open(captured_path, encoding="utf-8") as lines:
        for line in lines:
            captured = json.loads(line)
            host, base = server_base(spec_dict, captured.get("server"))
            path, _, query = captured["target"].partition("?")
            headers = Headers(captured["headers"])
            cookies = {}
            for header in headers.getlist("cookie"):
                for pair in header.split(";"):
                    name, _, value = pair.strip().partition("=")
                    cookies[name] = unquote(value)
            body = bytes.fromhex(captured["body_hex"])
            request = MockRequest(
                host,
                captured["method"].lower(),
                base + unquote(path),
                args=ImmutableMultiDict(parse_qsl(query, keep_blank_values=True)),
                headers=headers,
                cookies=cookies,
                data=body or None,
                content_type=headers.get("content-type", ""),
            )
            try:
                answer = captured.get("response")
                if answer is None:
                    openapi.validate_request(request)
                else:
                    answer_headers = Headers(answer["headers"])
                    openapi.validate_response(
                        request,
                        MockResponse(
                            bytes.fromhex(answer["body_hex"]),
                            status_code=answer["status"],
                            headers=answer_headers,
                            content_type=answer_headers.get("content-type", ""),
                        ),
                    )
                result = {"id": captured["id"], "valid": True, "message": ""}
            except Exception as error:  # the validator's own message is the evidence
                details = "; ".join(str(e) for e in getattr(error, "schema_errors", []) or [])
                message = "%s: %s" % (type(error).__name__, error)
                if details:
                    message += " (" + details + ")"
                cause = error.__cause__
                if cause is not None:
                    message += " <- %s: %s" % (type(cause).__name__, cause)
                    sub = "; ".join(str(e) for e in getattr(cause, "schema_errors", []) or [])
                    if sub:
                        message += " (" + sub + ")"
                result = {"id": captured["id"], "valid": False, "message": message[:2000] + invalid}
            print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
