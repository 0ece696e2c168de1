"""Random secrets handed to a person once (API tokens, recovery codes) and the digest kept of them.

A secret of this kind has 50 bits or more of randomness, so one SHA-256 pass is enough to keep it
(guessing the secret is as hard as guessing the digest); a slow password hash would only make
every API call slower. Passwords, chosen by people, go through Django's password hashers instead.
"""

import hashlib
import hmac
import secrets

# Crockford's base 32 without the look-alikes (no I, L, O, U): readable aloud and when typed.
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_secret(length: int) -> str:
    """`length` characters drawn uniformly from a 32-letter alphabet (5 bits each)."""
    return "".join(secrets.choice(_ALPHABET) for _ in range(length))


def secret_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def digests_match(a: str, b: str) -> bool:
    return hmac.compare_digest(a, b)
