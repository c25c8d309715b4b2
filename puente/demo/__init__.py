"""The synthetic demo programme: realistic, locale-appropriate, entirely fake."""
