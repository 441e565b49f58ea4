"""``l10n serve``: a review page in the browser, over the same ``.po`` files as the CLI.

``store`` reads and writes catalogs (with conflict detection), ``views`` turns
them into what the pages show, ``app`` is the Flask app and the server loop.
Flask is imported only when this package's modules are, so ``l10n --help``
stays instant.
"""
