"""Schemathesis checks of the IA Poste Manager API, loaded through SCHEMATHESIS_HOOKS."""

import json

import schemathesis


@schemathesis.check
def problem_json_errors(ctx, response, case):
    """Every 4xx and 5xx answer is application/problem+json with its status, a code and a French and English message."""
    if response.status_code < 400:
        return None
    content_type = ";".join(response.headers.get("content-type", [""])).split(";")[0].strip()
    if content_type != "application/problem+json":
        raise AssertionError(f"{response.status_code} answered with {content_type or 'no content type'}, not application/problem+json")
    try:
        body = json.loads(response.content or b"null")
    except ValueError as error:
        raise AssertionError(f"{response.status_code} problem document is not JSON: {error}") from error
    if not isinstance(body, dict):
        raise AssertionError("problem document is not a JSON object")
    if body.get("status") != response.status_code:
        raise AssertionError(f"problem status {body.get('status')} differs from the HTTP status {response.status_code}")
    message = body.get("message")
    if not body.get("code") or not isinstance(message, dict) or not message.get("fr") or not message.get("en"):
        raise AssertionError("problem document lacks its code or its French and English message")
    return None


@schemathesis.serializer("message/rfc822")
def rfc822(ctx, value):
    """Raw messages go out as bytes (generated strings are sent UTF-8 encoded)."""
    if isinstance(value, bytes):
        return {"data": value}
    return {"data": str(value).encode("utf-8", "surrogatepass")}
