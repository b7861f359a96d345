"""Reading authored files: YAML/JSON with marks, schema checks, model building."""

from competency.io.dump import dump_bundle, framework_to_bundle, write_atomic
from competency.io.markdown_refs import (
    CITATION_RE,
    Reference,
    citation_keys,
    keys_of,
    parse_markdown,
    scan_references,
)
from competency.io.modules import ModuleDocuments, build_module, lesson_text, read_modules
from competency.io.references import (
    check_citations,
    check_framework_references,
    check_module_references,
    check_texts,
    check_translations,
    localized_texts,
    text_citations,
)
from competency.io.schema_check import SCHEMA_KINDS, check_schema, schema_text
from competency.io.standards import StandardDocuments, build_framework, read_standard
from competency.io.yaml_source import SourceDocument, format_json_path, read_document

__all__ = [
    "CITATION_RE",
    "SCHEMA_KINDS",
    "ModuleDocuments",
    "Reference",
    "SourceDocument",
    "StandardDocuments",
    "build_framework",
    "build_module",
    "check_citations",
    "check_framework_references",
    "check_module_references",
    "check_schema",
    "check_texts",
    "check_translations",
    "citation_keys",
    "dump_bundle",
    "format_json_path",
    "framework_to_bundle",
    "keys_of",
    "lesson_text",
    "localized_texts",
    "parse_markdown",
    "read_document",
    "read_modules",
    "read_standard",
    "scan_references",
    "schema_text",
    "text_citations",
    "write_atomic",
]
