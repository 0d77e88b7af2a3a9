"""A request whose credentials are refused."""

from __future__ import annotations


class AuthError(Exception):
    """Refused credentials: the HTTP status, a stable code, and a message safe to show."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
