"""mou-wizard: draft School Resource Officer MOUs aligned with the SECURe rubrics."""

__version__ = "0.1.0"
