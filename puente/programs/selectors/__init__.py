"""Every read of programme data, scoped to the requesting user (split by page family)."""
