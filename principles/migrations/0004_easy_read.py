"""Easy-read wording for the framework, and each question as put to people who use services,
carers and volunteers. Rows that exist already get empty text here; loading
fixtures/framework.json again (as every upgrade does) fills it in."""

from django.db import migrations, models


def text(help_text):
    return models.TextField(default="", help_text=help_text)


class Migration(migrations.Migration):
    dependencies = [
        ("principles", "0003_practices"),
    ]

    operations = [
        migrations.AddField(
            model_name="framework",
            name="easy_read_introduction",
            field=models.TextField(
                blank=True,
                help_text="The introduction in easy read: short sentences, one idea each.",
            ),
        ),
        migrations.AlterField(
            model_name="principle",
            name="plain_english",
            field=models.TextField(help_text="One plain-English line, for the results pages."),
        ),
        migrations.AddField(
            model_name="principle",
            name="easy_read_name",
            field=models.CharField(
                default="",
                max_length=120,
                help_text="The name in easy read: a few short, common words.",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="principle",
            name="easy_read",
            field=text("What it means in easy read: short sentences."),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="question",
            name="text",
            field=models.TextField(
                help_text="Put to staff. nef's questions are quoted word for word."
            ),
        ),
        migrations.AddField(
            model_name="question",
            name="easy_read",
            field=text("The question for staff, in easy read."),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="question",
            name="service_text",
            field=text(
                "Put to people who use services, carers and volunteers: about this service "
                "and the staff."
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="question",
            name="service_easy_read",
            field=text(
                "The question for people who use services, carers and volunteers, in easy read."
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="rung",
            name="easy_read_name",
            field=models.CharField(
                default="", max_length=60, help_text="The name in easy read, e.g. 'Told what to do'."
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="rung",
            name="easy_read",
            field=text("What it means in easy read: short sentences."),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="descriptor",
            name="easy_read",
            field=text("What it looks like, in easy read."),
            preserve_default=False,
        ),
    ]
