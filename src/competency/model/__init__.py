"""The data model: frozen attrs classes, validated on construction.

The model never imports YAML, SQL, lxml or networkx; reading and writing live
in :mod:`competency.io`, algorithms in :mod:`competency.graph` and above.
"""

from competency.model.catalogue import Catalogue
from competency.model.framework import (
    Competency,
    Domain,
    Framework,
    Kind,
    Level,
    Prerequisite,
    RoleProfile,
    Scale,
    Source,
    competency_uri,
    competency_uuid,
)
from competency.model.identifiers import item_iri, module_iri, objective_id, parse_item_iri, parse_module_iri
from competency.model.module import (
    Assessment,
    Asset,
    Item,
    ItemType,
    Lesson,
    Module,
    Option,
    Outcome,
    Role,
)
from competency.model.text import Text

__all__ = [
    "Assessment",
    "Asset",
    "Catalogue",
    "Competency",
    "Domain",
    "Framework",
    "Item",
    "ItemType",
    "Kind",
    "Lesson",
    "Level",
    "Module",
    "Option",
    "Outcome",
    "Prerequisite",
    "Role",
    "RoleProfile",
    "Scale",
    "Source",
    "Text",
    "competency_uri",
    "competency_uuid",
    "item_iri",
    "module_iri",
    "objective_id",
    "parse_item_iri",
    "parse_module_iri",
]
