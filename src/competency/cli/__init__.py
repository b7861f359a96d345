"""The command-line interface (``competency``)."""

__all__: list[str] = []
