from django.urls import path

from puente.audit import views

urlpatterns = [
    path("", views.audit_log, name="audit_log"),
    path("security/", views.security_overview, name="security_overview"),
    path("security/access.csv", views.security_access_csv, name="security_access_csv"),
]
