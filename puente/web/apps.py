from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "puente.web"
    label = "web"
