"""The package version, in the core so that the books it writes can name it."""

__version__ = "0.1.0"
