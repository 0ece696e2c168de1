"""API authentication by token: `Authorization: Token egov_…`, checked against the stored digests."""

from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from egov.organisations.tokens import api_token_authenticate


class HashedTokenAuthentication(TokenAuthentication):
    """DRF's header parsing and 401 challenge, with tokens kept hashed, expiring and revocable."""

    def authenticate_credentials(self, key):
        token = api_token_authenticate(key)
        if token is None:
            # One answer for a wrong, expired or revoked token: a caller learns nothing from it.
            raise exceptions.AuthenticationFailed()
        return token.user, token
