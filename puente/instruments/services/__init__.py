"""Every write about instruments, schedules and questionnaires: one transaction each, audited inside it.

Split by sub-domain: ``catalogue`` (instruments and their versions), ``schedules`` (schedule entries,
respondents, planned administrations), ``answers`` (staff entry and corrections), ``links``
(self-report links) and ``reminders``.
"""
