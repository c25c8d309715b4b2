"""Reads of qualitative data, always scoped to the requesting user (see `access.py`)."""
