"""mou-wizard: draft School Resource Officer MOUs aligned with the SECURe rubrics."""


def __getattr__(name: str):
    # The version is written once, in pyproject.toml, and read from the installed package's metadata
    # only when asked for (importlib.metadata costs start-up time every command would pay).
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("mou-wizard")
        except PackageNotFoundError:  # run from a source tree that was never installed
            return "0+unknown"
    raise AttributeError(f"module 'mou_wizard' has no attribute {name!r}")
