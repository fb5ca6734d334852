"""Schemathesis hooks for `npm run fuzz`: checks of our own beside the built-in ones."""

import json

import schemathesis


@schemathesis.check
def error_is_problem_json(ctx, response, case):
    """Every 4xx answers RFC 9457 problem details, unless the route documents a page for it.

    The customer's pages (tracking, unsubscribe) answer a person with an HTML page, which
    their operations document as `text/html` for that status.
    """
    if not 400 <= response.status_code < 500:
        return None
    documented = case.operation.definition.raw.get("responses", {}).get(str(response.status_code), {})
    media_types = documented.get("content", {}).keys()
    if media_types and "application/problem+json" not in media_types:
        return None
    media = response.headers.get("content-type", [""])[0].split(";")[0].strip()
    if media != "application/problem+json":
        raise AssertionError(f"{response.status_code} answered {media or 'no content type'}, not problem+json")
    try:
        body = json.loads(response.content)
    except ValueError as err:
        raise AssertionError(f"{response.status_code} problem+json body is not JSON: {err}") from err
    missing = [k for k in ("type", "title", "status") if k not in body]
    if missing:
        raise AssertionError(f"{response.status_code} problem lacks {', '.join(missing)}")
    if body["status"] != response.status_code:
        raise AssertionError(f"problem status {body['status']} differs from the HTTP status {response.status_code}")
    return None
