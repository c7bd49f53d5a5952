"""Domain errors: raised anywhere in a command, turned into one localized ephemeral reply."""

from __future__ import annotations


class UserError(Exception):
    """Something the user can fix or should know; ``key`` is a catalog message id and
    ``params`` fill its placeholders. The error handler replies ephemerally with the text in
    the user's language; it is never logged as a failure."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params
