"""One error hierarchy. Every message says what went wrong and how to fix it."""


class RagError(Exception):
    """Base class: adapters show `str(error)` as one line (CLI stderr, 4xx body, UI banner).

    `code` is a stable machine-readable name for the failure (the API's `error.code`).
    """

    def __init__(self, message: str, code: str = "") -> None:
        super().__init__(message)
        self.code = code or type(self).__name__


class InputError(RagError):
    """The caller gave something unusable: empty question, missing file, bad option."""


class ConfigError(RagError):
    """A setting is wrong or a configured backend is not installed."""


class IndexMissingError(RagError):
    """No index has been built yet for the configured model and chunker."""


class IndexMismatchError(RagError):
    """The index was built with another embedding model or chunker settings."""


class StoreUnavailableError(RagError):
    """The Chroma server cannot be reached, or the embedded store is held by another process."""


class LoaderError(RagError):
    """A document could not be read (corrupt, empty, unknown type, too large)."""


class FetchError(RagError):
    """The open-access full text could not be fetched."""
