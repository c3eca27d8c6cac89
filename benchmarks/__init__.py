"""Benchmarks of the generator and the site build; see README.md here."""
