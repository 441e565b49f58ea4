"""markdown format: being written (see the format protocol in pipeline/formats/__init__.py)."""
