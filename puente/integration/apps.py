from django.apps import AppConfig


class IntegrationConfig(AppConfig):
    """Mixed-methods integration: joint displays of quantitative results beside coded quotations."""

    name = "puente.integration"
    label = "integration"
