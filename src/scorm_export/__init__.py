"""SCORM 1.2 and 2004 packages of training modules."""

__all__: list[str] = []
