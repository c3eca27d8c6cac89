"""The reference wiki generator: entities/*.yaml → docs/ pages → MkDocs site."""
