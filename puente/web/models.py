"""Submission keys: a retried form post (a phone on a bad connection) creates its record only once."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class SubmissionKey(models.Model):
    key = models.CharField(max_length=64)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.CASCADE, related_name="+")
    scope = models.CharField(max_length=60)
    object_id = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scope", "key"], name="unique_submission_key")]

    def __str__(self) -> str:
        return f"{self.scope}:{self.key}"
