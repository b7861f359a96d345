"""SCORM 1.2 and 2004 4th Edition packages of the toolkit's training modules.

A pipeline of stages: :mod:`~scorm_export.plan` decides names and identifiers,
:mod:`~scorm_export.pages` renders the SCO page, :mod:`~scorm_export.manifest`
writes ``imsmanifest.xml``, :mod:`~scorm_export.validate` checks the package
and :mod:`~scorm_export.archive` writes a reproducible zip. This package
imports :mod:`competency`; :mod:`competency` never imports it (the CLI finds
the exporters through the ``competency.exporters`` entry points).
"""

from scorm_export.build import (
    PreparedPackage,
    export_curriculum,
    export_module,
    package_files,
    prepare_package,
    write_package,
)
from scorm_export.errors import ExportError
from scorm_export.plan import PackagePlan, plan_curriculum, plan_module
from scorm_export.validate import validate_zip

__all__ = [
    "ExportError",
    "PackagePlan",
    "PreparedPackage",
    "export_curriculum",
    "export_module",
    "package_files",
    "plan_curriculum",
    "plan_module",
    "prepare_package",
    "validate_zip",
    "write_package",
]
