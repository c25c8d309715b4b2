"""Workforce pages. Views parse, ask selectors and services, and render."""
