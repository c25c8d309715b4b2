"""Every write of qualitative data: one transaction each, with its audit event inside it."""
