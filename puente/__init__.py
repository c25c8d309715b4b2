"""Puente: run and evaluate a peer support work programme."""

__version__ = "0.1.0"
