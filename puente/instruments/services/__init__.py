"""Every write about instruments, schedules and questionnaires: one transaction each, audited inside it.

Split by sub-domain: ``catalogue`` (instruments and their versions), ``schedules`` (schedule entries,
respondents, planned administrations), ``answers`` (staff entry and corrections), ``links``
(self-report links), ``reminders``, ``authoring`` (the form builder and copies), ``dictionary`` (REDCap
dictionary import, Puente's own or any project's) and ``wording`` (licensed item wording).
"""
