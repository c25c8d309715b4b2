"""Programme pages, split by page family."""
