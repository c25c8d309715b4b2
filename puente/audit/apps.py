from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "puente.audit"
    label = "audit"
