from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "puente.people"
    label = "people"
