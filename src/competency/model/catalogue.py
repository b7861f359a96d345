"""A catalogue: one framework and the modules mapped to it."""

from __future__ import annotations

from attrs import field, frozen

from competency.model._convert import as_tuple
from competency.model.framework import Framework
from competency.model.module import Module

__all__ = ["Catalogue"]


@frozen(kw_only=True)
class Catalogue:
    """The framework and its modules, as loaded and validated together."""

    framework: Framework
    modules: tuple[Module, ...] = field(default=(), converter=as_tuple)

    def module(self, module_id: str) -> Module:
        for module in self.modules:
            if module.id == module_id:
                return module
        raise KeyError(f"unknown module {module_id!r}")

    def module_ids(self) -> tuple[str, ...]:
        return tuple(m.id for m in self.modules)
