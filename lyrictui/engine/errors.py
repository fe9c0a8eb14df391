"""Errors the engine raises for the app and CLI to show as they are (no traceback needed)."""

from __future__ import annotations


class EngineError(RuntimeError):
    """A model or adapter could not be used; the message says why and what to do."""


class ModelUnavailableError(EngineError):
    """A hub model's weights are neither cached nor downloadable (offline, unknown id)."""

    def __init__(self, model: str, reason: str):
        self.model = model
        self.reason = reason
        super().__init__(
            f"Model {model!r} is not available: {reason}.\n"
            f"Fix: connect to the internet once so it downloads into the Hugging Face cache, "
            f"or pass --base with a local model folder, or use the bundled model (--base verse). "
            f"Suggestions keep working with the bundled model meanwhile."
        )
