"""yjaudit: inspect youth justice casework the way the inspectorate does."""

__version__ = "0.1.0"
