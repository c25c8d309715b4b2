# Contacts stop keeping their own retry key: every idempotent form now goes through
# puente.web.idempotency.run_once. The keys already stored move to web.SubmissionKey first, so a
# phone retrying a form sent before the upgrade still records its contact once.

from django.db import migrations

SCOPE = "programs.contact"


def move_keys_to_submission_keys(apps, schema_editor):
    Contact = apps.get_model("programs", "Contact")
    SubmissionKey = apps.get_model("web", "SubmissionKey")
    keyed = Contact.objects.exclude(client_token__isnull=True).exclude(client_token="")
    SubmissionKey.objects.bulk_create(
        [
            SubmissionKey(scope=SCOPE, key=token, user_id=user_id, object_id=str(pk))
            for pk, token, user_id in keyed.values_list("pk", "client_token", "logged_by_id").iterator()
        ],
        ignore_conflicts=True,
        batch_size=500,
    )


def move_keys_back_to_contacts(apps, schema_editor):
    Contact = apps.get_model("programs", "Contact")
    SubmissionKey = apps.get_model("web", "SubmissionKey")
    for key in SubmissionKey.objects.filter(scope=SCOPE).iterator():
        Contact.objects.filter(pk=int(key.object_id)).update(client_token=key.key[:40])
    SubmissionKey.objects.filter(scope=SCOPE).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0002_delivery"),
        ("web", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(move_keys_to_submission_keys, move_keys_back_to_contacts),
        migrations.RemoveField(
            model_name="contact",
            name="client_token",
        ),
    ]
