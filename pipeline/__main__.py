"""``python -m pipeline``: the same as the ``l10n`` command."""

from pipeline.cli import main

main(prog_name="l10n")
