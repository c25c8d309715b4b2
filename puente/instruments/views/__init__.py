"""Views of the instruments app, one module per part: catalogue, schedules, entry, self-report."""
