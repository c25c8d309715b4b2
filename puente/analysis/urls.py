from django.urls import path

from puente.analysis import views

urlpatterns: list = [
    path("", views.evaluation_list, name="evaluation_list"),
    path("build/", views.evaluation_build, name="evaluation_build"),
    path("<int:pk>/", views.evaluation_detail, name="evaluation_detail"),
    path("<int:pk>/plan/", views.evaluation_plan, name="evaluation_plan"),
    path("<int:pk>/export/", views.evaluation_export, name="evaluation_export"),
    path("<int:pk>/reports/", views.report_request, name="report_request"),
    path("reports/<int:pk>/", views.report_status, name="report_status"),
    path("reports/<int:pk>/status.json", views.report_status_json, name="report_status_json"),
    path("reports/<int:pk>/view/", views.report_view, name="report_view"),
    path("reports/<int:pk>/pdf/", views.report_pdf, name="report_pdf"),
]
