from __future__ import annotations

from django.urls import path

from puente.integration import views

urlpatterns: list = [
    path("", views.display_list, name="integration_display_list"),
    path("new/", views.display_create, name="integration_display_create"),
    path("<int:pk>/", views.display_detail, name="integration_display"),
    path("<int:pk>/edit/", views.display_edit, name="integration_display_edit"),
    path("<int:pk>/retire/", views.display_retire, name="integration_display_retire"),
    path("<int:pk>/rows/<int:row>/", views.row_edit, name="integration_row_edit"),
    path("<int:pk>/rows/<int:row>/remove/", views.row_retire, name="integration_row_retire"),
    path("<int:pk>/cases/", views.display_cases, name="integration_cases"),
    path("<int:pk>/subgroups/", views.display_subgroups, name="integration_subgroups"),
    path("<int:pk>/export/<str:fmt>/", views.display_export, name="integration_export"),
]
