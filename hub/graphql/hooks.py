"""Strawberry's extension runner, with each extension class's hooks looked up once.

Strawberry asks every extension, for each of the four stages of every request, whether its class defines
the stage's hook and what kind of function it is, and wraps a generator hook into a fresh context-manager
function (`functools.wraps` included) each time. A class's hooks do not change: here each is found and
wrapped once per class, and a request only binds it to its extension instance.
"""

from __future__ import annotations

import contextlib
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from strawberry.extensions import SchemaExtension
from strawberry.extensions.context import (
    ExecutingContextManager,
    ExtensionContextManagerBase,
    OperationContextManager,
    ParsingContextManager,
    ValidationContextManager,
    WrappedHook,
)
from strawberry.extensions.runner import SchemaExtensionsRunner

Factory = Callable[[SchemaExtension], Any]


@dataclass(frozen=True)
class ClassHook:
    """A class's hook as a context-manager factory taking the instance (None for a plain function, which
    Strawberry wraps itself), and whether it is async."""

    factory: Factory | None
    is_async: bool = False


HOOKS: dict[tuple[type[SchemaExtension], str], ClassHook | None] = {}
"""What `hook_of` found, by class and hook name."""


def hook_of(cls: type[SchemaExtension], name: str) -> ClassHook | None:
    """The class's hook `name`; None when the class leaves it as SchemaExtension has it."""
    key = (cls, name)
    if key not in HOOKS:
        HOOKS[key] = _found(cls, name)
    return HOOKS[key]


def _found(cls: type[SchemaExtension], name: str) -> ClassHook | None:
    hook = getattr(cls, name)
    if hook is getattr(SchemaExtension, name):
        return None
    if inspect.isgeneratorfunction(hook):
        return ClassHook(contextlib.contextmanager(hook))
    if inspect.isasyncgenfunction(hook):
        return ClassHook(contextlib.asynccontextmanager(hook), is_async=True)
    return ClassHook(None)


class CachedHooks(ExtensionContextManagerBase):
    """A stage's context manager whose hooks come from `hook_of`."""

    __slots__ = ()

    def get_hook(self, extension: SchemaExtension) -> WrappedHook | None:
        found = hook_of(type(extension), self.HOOK_NAME)
        if found is None:
            return None
        if found.factory is None:
            return super().get_hook(extension)
        return WrappedHook(
            extension=extension, hook=partial(found.factory, extension), is_async=found.is_async
        )


class Operation(CachedHooks, OperationContextManager):
    __slots__ = ()


class Validation(CachedHooks, ValidationContextManager):
    __slots__ = ()


class Parsing(CachedHooks, ParsingContextManager):
    __slots__ = ()


class Executing(CachedHooks, ExecutingContextManager):
    __slots__ = ()


class Runner(SchemaExtensionsRunner):
    """Plug in with `Schema.create_extensions_runner`."""

    def operation(self) -> Operation:
        return Operation(self.extensions)

    def validation(self) -> Validation:
        return Validation(self.extensions)

    def parsing(self) -> Parsing:
        return Parsing(self.extensions)

    def executing(self) -> Executing:
        return Executing(self.extensions)
