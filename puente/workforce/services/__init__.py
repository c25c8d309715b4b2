"""Every write of workforce data: one transaction each, with its audit event inside it."""
