"""How an API client's secret is stored: salted SHA-256, not the password hasher (docs/decisions/0024).

A password is chosen by a person and guessable, so it gets Argon2: slow on purpose. A client's secret is generated
here (django-oauth-toolkit's 128 random characters, some 760 bits): nobody can guess it, however fast the hash, so
slowness buys nothing. It would cost: with Argon2 every token request took some 450 ms and 100 MB, and an unknown
client_id answered in 12 ms where a known one with a wrong secret took 450 ms, which told whether a client_id
exists and let anyone keep the cores busy. With this hasher both answers take the same few milliseconds.

Listed last in PASSWORD_HASHERS (so never used for a person's password) and named by django-oauth-toolkit's
`CLIENT_SECRET_HASHER`.
"""

import hashlib
import secrets

from django.contrib.auth.hashers import BasePasswordHasher, mask_hash
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext_noop


class GeneratedSecretHasher(BasePasswordHasher):
    algorithm = "sha256_generated_secret"

    def salt(self) -> str:
        return secrets.token_hex(16)

    def encode(self, password: str, salt: str) -> str:
        self._check_encode_args(password, salt)
        digest = hashlib.sha256(f"{salt}${password}".encode()).hexdigest()
        return f"{self.algorithm}${salt}${digest}"

    def decode(self, encoded: str) -> dict:
        algorithm, salt, digest = encoded.split("$", 2)
        assert algorithm == self.algorithm  # noqa: S101 - Django's hashers check their own prefix so
        return {"algorithm": algorithm, "hash": digest, "salt": salt}

    def verify(self, password: str, encoded: str) -> bool:
        decoded = self.decode(encoded)
        return constant_time_compare(self.encode(password, decoded["salt"]), encoded)

    def safe_summary(self, encoded: str) -> dict:
        decoded = self.decode(encoded)
        return {gettext_noop("algorithm"): decoded["algorithm"], gettext_noop("salt"): mask_hash(decoded["salt"]),
                gettext_noop("hash"): mask_hash(decoded["hash"])}

    def must_update(self, encoded: str) -> bool:
        return False

    def harden_runtime(self, password: str, encoded: str) -> None:
        return None
