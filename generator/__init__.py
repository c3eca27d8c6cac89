"""The reference wiki generator: entities/*.yaml → docs/ pages → MkDocs site."""

# MkDocs or ProperDocs: chosen before any module of the package imports `mkdocs`.
from . import engine  # noqa: F401
