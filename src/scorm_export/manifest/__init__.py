"""Manifests: ``imsmanifest.xml`` for SCORM 1.2 and 2004 4th Edition, built with lxml."""

from scorm_export.manifest.common import serialize
from scorm_export.manifest.scorm12 import build_manifest_12
from scorm_export.manifest.scorm2004 import build_manifest_2004
from scorm_export.plan import PackagePlan

__all__ = ["build_manifest", "build_manifest_12", "build_manifest_2004", "serialize"]


def build_manifest(plan: PackagePlan) -> bytes:
    """The serialized manifest of ``plan`` in its SCORM version."""
    if plan.scorm_version == "1.2":
        return serialize(build_manifest_12(plan))
    return serialize(build_manifest_2004(plan))
