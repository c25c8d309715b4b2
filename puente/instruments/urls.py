from django.urls import path

from puente.instruments.views import builder, catalogue, entry, schedules, selfreport, wording

urlpatterns = [
    path("", catalogue.instrument_list, name="instrument_list"),
    path("new/", builder.instrument_create, name="instrument_create"),
    path("new/advanced/", catalogue.instrument_create_json, name="instrument_create_json"),
    path("import/", catalogue.instrument_import, name="instrument_import"),
    path("catalogue/<slug:code>/", catalogue.instrument_detail, name="instrument_detail"),
    path("catalogue/<slug:code>/edit/", builder.instrument_edit, name="instrument_edit"),
    path("catalogue/<slug:code>/edit/advanced/", catalogue.instrument_edit_json, name="instrument_edit_json"),
    path("catalogue/<slug:code>/copy/", builder.instrument_copy, name="instrument_copy"),
    path("catalogue/<slug:code>/wording/", wording.instrument_wording, name="instrument_wording"),
    path("catalogue/<slug:code>/redcap.csv", catalogue.instrument_export, name="instrument_export"),
    path("schedules/", schedules.schedule_list, name="schedule_list"),
    path("schedules/<int:pk>/", schedules.schedule_detail, name="schedule_detail"),
    path("schedules/<int:pk>/add/", schedules.schedule_entry_add, name="schedule_entry_add"),
    path("schedules/<int:pk>/respondents/new/", schedules.respondent_add, name="respondent_add"),
    path(
        "schedules/<int:pk>/respondents/register/", schedules.respondent_register, name="respondent_register"
    ),
    path("due/", entry.due_list, name="due_list"),
    path("administrations/<int:pk>/", entry.administration_detail, name="administration_detail"),
    path("administrations/<int:pk>/enter/", entry.administration_enter, name="administration_enter"),
    path("administrations/<int:pk>/link/", entry.link_create, name="selfreport_link_create"),
    path("r/<str:token>/", selfreport.selfreport_respond, name="selfreport_respond"),
]
