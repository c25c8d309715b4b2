"""Every read of workforce data goes through here, scoped to the requesting user."""
