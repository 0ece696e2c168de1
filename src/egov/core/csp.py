"""The Content-Security-Policy header of every response (docs/decisions/0026-authentication-policy.md).

Scripts only from our own static files: no inline script, no event-handler attribute, no eval, so
an injected `<script>` or `onerror=` does not run. Styles from our own files too; a `<style>`
block the server writes itself (the printable forms' page set-up) carries the request's nonce:
`<style nonce="{{ request.csp_nonce }}">`. Style attributes are refused. Images from us and
`data:` URIs (the QR code on Form 01). No plug-ins, no framing, forms post only to us.
"""

from __future__ import annotations

import secrets

from django.utils.functional import SimpleLazyObject

HEADER = "Content-Security-Policy"


def policy(nonce: str | None) -> str:
    styles = "'self'" + (f" 'nonce-{nonce}'" if nonce else "")
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            f"style-src {styles}",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        used = []

        def make_nonce() -> str:
            used.append(secrets.token_urlsafe(16))
            return used[0]

        # Made only when a template asks for it: most pages have no <style> block and get no nonce.
        request.csp_nonce = SimpleLazyObject(make_nonce)
        response = self.get_response(request)
        if HEADER not in response:
            response[HEADER] = policy(used[0] if used else None)
        return response
