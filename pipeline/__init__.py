"""l10n: offline translation and localisation of documents."""
