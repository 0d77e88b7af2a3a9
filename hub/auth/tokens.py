"""JWT bearer tokens: HS256 with a shared secret or RS256 with a JWKS; issuer, audience, expiry checked."""

from __future__ import annotations

from typing import Any

import jwt
import orjson

from hub.auth.errors import AuthError
from hub.auth.principal import Principal
from hub.auth.roles import Role, parse_role
from hub.config import Settings, SettingsError

REQUIRED_CLAIMS = ["exp", "iss", "aud", "sub"]


def invalid(message: str) -> AuthError:
    return AuthError(401, "INVALID_TOKEN", message)


def load_jwks(settings: Settings) -> jwt.PyJWKSet | None:
    """The RS256 keys from HUB_JWT_JWKS (inline JSON) or HUB_JWT_JWKS_FILE; SettingsError if unusable."""
    if settings.hub_jwt_jwks is not None:
        source, text = "HUB_JWT_JWKS", settings.hub_jwt_jwks
    elif settings.hub_jwt_jwks_file is not None:
        source = "HUB_JWT_JWKS_FILE"
        try:
            text = settings.hub_jwt_jwks_file.read_text()
        except OSError as error:
            raise SettingsError(f"invalid setting {source}: cannot read {error.filename}") from None
    else:
        return None
    try:
        keys = jwt.PyJWKSet.from_dict(orjson.loads(text))
    except (orjson.JSONDecodeError, jwt.PyJWKSetError, jwt.InvalidKeyError) as error:
        raise SettingsError(f"invalid setting {source}: not a usable JWKS ({error})") from None
    if not any(key.key_type == "RSA" for key in keys.keys):
        raise SettingsError(f"invalid setting {source}: the JWKS has no RSA key")
    return keys


class TokenVerifier:
    """Turns a verified token into a principal; AuthError(401) for anything else."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        secret = settings.hub_jwt_secret
        self.secret = secret.get_secret_value() if secret is not None else None
        self.jwks = load_jwks(settings)

    def principal(self, token: str) -> Principal:
        claims = self.claims(token)
        settings = self.settings
        try:
            role = parse_role(claims.get(settings.hub_jwt_role_claim))
        except ValueError as error:
            raise invalid(f"claim {settings.hub_jwt_role_claim!r}: {error}") from None
        org = claims.get(settings.hub_jwt_org_claim)
        if org is not None and not isinstance(org, str):
            raise invalid(f"claim {settings.hub_jwt_org_claim!r} must be a string")
        if role is Role.PARTNER and not org:
            raise invalid(f"a partner token needs the claim {settings.hub_jwt_org_claim!r}")
        subject = str(claims["sub"])
        return Principal(subject=subject, role=role, org=org, credential_id=f"jwt:{subject}")

    def claims(self, token: str) -> dict[str, Any]:
        """The verified claims; the algorithm comes from the header but only HS256 and RS256 are tried."""
        try:
            header = jwt.get_unverified_header(token)
            claims: dict[str, Any] = jwt.decode(
                token,
                self.key(header),
                algorithms=[str(header.get("alg"))],
                audience=self.settings.hub_jwt_audience,
                issuer=self.settings.hub_jwt_issuer,
                leeway=self.settings.hub_jwt_leeway,
                options={"require": REQUIRED_CLAIMS},
            )
        except jwt.ExpiredSignatureError:
            raise AuthError(401, "TOKEN_EXPIRED", "the token has expired") from None
        except jwt.InvalidAudienceError:
            raise invalid("the token is not meant for this hub (audience)") from None
        except jwt.InvalidIssuerError:
            raise invalid("the token's issuer is not trusted") from None
        except jwt.InvalidSignatureError:
            raise invalid("the token's signature does not verify") from None
        except jwt.InvalidTokenError as error:
            raise invalid(f"the token is not valid: {error}") from None
        return claims

    def key(self, header: dict[str, Any]) -> Any:
        """The key to verify with, chosen by the header's `alg` and `kid`."""
        algorithm = header.get("alg")
        if algorithm == "HS256" and self.secret is not None:
            return self.secret
        if algorithm == "RS256" and self.jwks is not None:
            kid = header.get("kid")
            candidates = [key for key in self.jwks.keys if key.key_type == "RSA"]
            matching = [key for key in candidates if key.key_id == kid] if kid else candidates
            if len(matching) != 1:
                raise invalid(f"no single RS256 key matches kid {kid!r}")
            return matching[0].key
        raise invalid(f"tokens signed with {algorithm!r} are not accepted")
