"""JWT bearer tokens: HS256 and RS256 (JWKS), issuer, audience, expiry, claims → principal; no DB needed."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from hub.auth.errors import AuthError
from hub.auth.principal import Principal
from hub.auth.roles import Capability, Role
from hub.auth.tokens import TokenVerifier
from hub.config import Settings, SettingsError, load_settings

SECRET = "a-test-secret-that-is-long-enough-for-hs256"
ISSUER = "https://id.example"
AUDIENCE = "stakeholder-hub"


def claims(**overrides: Any) -> dict[str, Any]:
    now = int(time.time())
    base = {"sub": "ann", "iss": ISSUER, "aud": AUDIENCE, "iat": now, "exp": now + 300, "role": "analyst"}
    return {key: value for key, value in {**base, **overrides}.items() if value is not None}


def hs256(**overrides: Any) -> str:
    return jwt.encode(claims(**overrides), SECRET, algorithm="HS256")


def jwt_settings(**overrides: Any) -> Settings:
    values: dict[str, Any] = {"hub_jwt_issuer": ISSUER, "hub_jwt_audience": AUDIENCE, "hub_jwt_leeway": 0}
    return load_settings(**{**values, **overrides}, _env_file=None)


@pytest.fixture(scope="module")
def hs() -> TokenVerifier:
    return TokenVerifier(jwt_settings(hub_jwt_secret=SECRET))


@pytest.fixture(scope="module")
def rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def jwks(key: rsa.RSAPrivateKey, kid: str = "k1") -> dict[str, Any]:
    public = json.loads(RSAAlgorithm.to_jwk(key.public_key()))
    return {"keys": [{**public, "kid": kid, "use": "sig", "alg": "RS256"}]}


def refused(verifier: TokenVerifier, token: str) -> AuthError:
    with pytest.raises(AuthError) as caught:
        verifier.principal(token)
    assert caught.value.status == 401
    return caught.value


def test_valid_hs256(hs: TokenVerifier) -> None:
    principal = hs.principal(hs256(role="partner", org="org-1"))
    assert principal == Principal(subject="ann", role=Role.PARTNER, org="org-1", credential_id="jwt:ann")
    assert principal.can(Capability.WRITE_OWN_ORG) and not principal.can(Capability.READ_ALL)


def test_expired(hs: TokenVerifier) -> None:
    assert refused(hs, hs256(exp=int(time.time()) - 60)).code == "TOKEN_EXPIRED"


def test_forged_signature(hs: TokenVerifier) -> None:
    forged = jwt.encode(claims(role="admin"), "another-secret-that-is-also-long-enough!!", algorithm="HS256")
    error = refused(hs, forged)
    assert (error.code, error.message) == ("INVALID_TOKEN", "the token's signature does not verify")


def test_wrong_audience(hs: TokenVerifier) -> None:
    assert "audience" in refused(hs, hs256(aud="another-api")).message


def test_wrong_issuer(hs: TokenVerifier) -> None:
    assert "issuer" in refused(hs, hs256(iss="https://evil.example")).message


@pytest.mark.parametrize("missing", ["exp", "sub", "aud", "iss"])
def test_required_claims(hs: TokenVerifier, missing: str) -> None:
    assert refused(hs, hs256(**{missing: None})).code == "INVALID_TOKEN"


def test_unsigned_token(hs: TokenVerifier) -> None:
    unsigned = jwt.encode(claims(), "", algorithm="none")
    assert "not accepted" in refused(hs, unsigned).message


def test_garbage(hs: TokenVerifier) -> None:
    assert refused(hs, "not.a.jwt").code == "INVALID_TOKEN"


@pytest.mark.parametrize(
    ("overrides", "fragment"),
    [
        ({"role": None}, "role"),
        ({"role": "root"}, "role"),
        ({"role": "anonymous"}, "role"),
        ({"role": "partner"}, "org"),
    ],
)
def test_bad_role_claims(hs: TokenVerifier, overrides: dict[str, Any], fragment: str) -> None:
    assert fragment in refused(hs, hs256(**overrides)).message


def test_configurable_claims() -> None:
    verifier = TokenVerifier(
        jwt_settings(hub_jwt_secret=SECRET, hub_jwt_role_claim="hub_role", hub_jwt_org_claim="tenant")
    )
    principal = verifier.principal(hs256(role=None, hub_role="partner", tenant="org-2"))
    assert (principal.role, principal.org) == (Role.PARTNER, "org-2")


def test_rs256_from_a_jwks_file(tmp_path: Path, rsa_key: rsa.RSAPrivateKey) -> None:
    path = tmp_path / "jwks.json"
    path.write_text(json.dumps(jwks(rsa_key)))
    verifier = TokenVerifier(jwt_settings(hub_jwt_jwks_file=path))
    token = jwt.encode(claims(role="editor"), rsa_key, algorithm="RS256", headers={"kid": "k1"})
    assert verifier.principal(token).role is Role.EDITOR
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    forged = jwt.encode(claims(role="admin"), other, algorithm="RS256", headers={"kid": "k1"})
    assert refused(verifier, forged).code == "INVALID_TOKEN"
    unknown_kid = jwt.encode(claims(), rsa_key, algorithm="RS256", headers={"kid": "k9"})
    assert "kid" in refused(verifier, unknown_kid).message


def test_rs256_inline_jwks_does_not_accept_hs256(rsa_key: rsa.RSAPrivateKey) -> None:
    verifier = TokenVerifier(jwt_settings(hub_jwt_jwks=json.dumps(jwks(rsa_key))))
    assert verifier.principal(jwt.encode(claims(), rsa_key, algorithm="RS256")).role is Role.ANALYST
    assert "not accepted" in refused(verifier, hs256()).message


def test_unusable_jwks_fails_at_start(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="HUB_JWT_JWKS_FILE: cannot read"):
        TokenVerifier(jwt_settings(hub_jwt_jwks_file=tmp_path / "missing.json"))
    with pytest.raises(SettingsError, match="HUB_JWT_JWKS: not a usable JWKS"):
        TokenVerifier(jwt_settings(hub_jwt_jwks='{"keys": [{"kty": "nope"}]}'))


def test_jwt_settings_are_checked() -> None:
    with pytest.raises(SettingsError, match=r"HUB_JWT_AUDIENCE: .*required"):
        load_settings(hub_jwt_secret=SECRET, hub_jwt_issuer=ISSUER, _env_file=None)
    with pytest.raises(SettingsError, match=r"HUB_JWT_SECRET: .*at least 32 bytes"):
        jwt_settings(hub_jwt_secret="short")
    with pytest.raises(SettingsError, match=r"HUB_JWT_JWKS: .*JSON object"):
        jwt_settings(hub_jwt_jwks="[]")


def test_a_role_reads_in_a_sentence() -> None:
    assert [role.caller for role in Role] == [
        "an anonymous caller",
        "a partner",
        "an analyst",
        "an editor",
        "an admin",
    ]
