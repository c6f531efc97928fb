"""US spelling for the clinician's license fields, and plainer labels for editors.

The rename also rewrites the clinician pages' stored revisions: the editor opens
a page from its latest revision, and a revision that still said `licence_type`
would show the license fields empty.
"""

import django.db.models.deletion
import wagtail.fields
from django.db import migrations, models

RENAMED = {
    "licence_type": "license_type",
    "licence_number": "license_number",
    "licence_states": "license_states",
}


def rename_revision_keys(apps, renamed):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Revision = apps.get_model("wagtailcore", "Revision")
    clinician_type = ContentType.objects.filter(
        app_label="practice_site", model="clinicianpage"
    ).first()
    if clinician_type is None:
        return
    for revision in Revision.objects.filter(content_type=clinician_type).iterator():
        content = revision.content
        if any(old in content for old in renamed):
            for old, new in renamed.items():
                if old in content:
                    content[new] = content.pop(old)
            revision.save(update_fields=["content"])


def forwards(apps, schema_editor):
    rename_revision_keys(apps, RENAMED)


def backwards(apps, schema_editor):
    rename_revision_keys(apps, {new: old for old, new in RENAMED.items()})


class Migration(migrations.Migration):

    dependencies = [
        ("practice_site", "0006_staff_time_zone_practice"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RenameField("clinicianpage", "licence_type", "license_type"),
        migrations.RenameField("clinicianpage", "licence_number", "license_number"),
        migrations.RenameField("clinicianpage", "licence_states", "license_states"),
        migrations.AlterField(
            model_name='calltoaction',
            name='style',
            field=models.CharField(choices=[('prominent', 'Prominent (colored panel)'), ('quiet', 'Quiet (outlined panel)')], default='prominent', max_length=20),
        ),
        migrations.AlterField(
            model_name='clinicianpage',
            name='license_number',
            field=models.CharField(max_length=40, verbose_name='license number'),
        ),
        migrations.AlterField(
            model_name='clinicianpage',
            name='license_states',
            field=models.CharField(help_text="The states where this license lets them treat, for example 'NY, NJ'.", max_length=200, verbose_name='licensed in'),
        ),
        migrations.AlterField(
            model_name='clinicianpage',
            name='license_type',
            field=models.CharField(help_text="For example 'Physician (MD)' or 'LCSW'.", max_length=80, verbose_name='license type'),
        ),
        migrations.AlterField(
            model_name='homepage',
            name='body',
            field=wagtail.fields.StreamField([('heading', 2), ('paragraph', 3), ('image', 6), ('quote', 9), ('cta', 11)], blank=True, block_lookup={0: ('wagtail.blocks.CharBlock', (), {'help_text': 'A section heading. Keep it short; readers scan these.', 'label': 'Heading text', 'max_length': 120}), 1: ('wagtail.blocks.ChoiceBlock', [], {'choices': [('h2', 'Section (H2)'), ('h3', 'Sub-section (H3)')], 'help_text': 'Use H2 for sections; H3 only inside an H2 section.', 'label': 'Heading level'}), 2: ('wagtail.blocks.StructBlock', [[('text', 0), ('level', 1)]], {}), 3: ('practice_site.content.blocks.ParagraphBlock', (), {}), 4: ('wagtail.images.blocks.ImageBlock', [], {'help_text': 'Describe the image for people who cannot see it, or mark it decorative.'}), 5: ('wagtail.blocks.CharBlock', (), {'max_length': 250, 'required': False}), 6: ('wagtail.blocks.StructBlock', [[('image', 4), ('caption', 5)]], {}), 7: ('wagtail.blocks.TextBlock', (), {'help_text': 'Quote published sources, never patients or clients.', 'label': 'Quotation'}), 8: ('wagtail.blocks.CharBlock', (), {'help_text': 'Who said or wrote it, and where.', 'label': 'Source', 'max_length': 200, 'required': False}), 9: ('wagtail.blocks.StructBlock', [[('text', 7), ('attribution', 8)]], {}), 10: ('wagtail.snippets.blocks.SnippetChooserBlock', ('practice_site.CallToAction',), {'help_text': "Leave empty to show the site's default call to action from Practice settings.", 'required': False}), 11: ('wagtail.blocks.StructBlock', [[('call_to_action', 10)]], {})}),
        ),
        migrations.AlterField(
            model_name='navigationsettings',
            name='footer_links',
            field=wagtail.fields.StreamField([('link', 3)], blank=True, block_lookup={0: ('wagtail.blocks.PageChooserBlock', (), {'help_text': 'A page of this site...', 'required': False}), 1: ('wagtail.blocks.URLBlock', (), {'label': '...or a web address', 'required': False}), 2: ('wagtail.blocks.CharBlock', (), {'help_text': "The link text. Leave empty to use the page's title.", 'label': 'Link text', 'max_length': 60, 'required': False}), 3: ('wagtail.blocks.StructBlock', [[('page', 0), ('url', 1), ('label', 2)]], {})}, help_text='Links at the foot of every page: notices, policies, contact.'),
        ),
        migrations.AlterField(
            model_name='navigationsettings',
            name='header_links',
            field=wagtail.fields.StreamField([('link', 3)], blank=True, block_lookup={0: ('wagtail.blocks.PageChooserBlock', (), {'help_text': 'A page of this site...', 'required': False}), 1: ('wagtail.blocks.URLBlock', (), {'label': '...or a web address', 'required': False}), 2: ('wagtail.blocks.CharBlock', (), {'help_text': "The link text. Leave empty to use the page's title.", 'label': 'Link text', 'max_length': 60, 'required': False}), 3: ('wagtail.blocks.StructBlock', [[('page', 0), ('url', 1), ('label', 2)]], {})}, help_text='The main menu at the top of every page, in this order. Keep it short.'),
        ),
        migrations.AlterField(
            model_name='practicesettings',
            name='opening_hours',
            field=wagtail.fields.StreamField([('hours', 3)], blank=True, block_lookup={0: ('wagtail.blocks.MultipleChoiceBlock', [], {'choices': [('Monday', 'Monday'), ('Tuesday', 'Tuesday'), ('Wednesday', 'Wednesday'), ('Thursday', 'Thursday'), ('Friday', 'Friday'), ('Saturday', 'Saturday'), ('Sunday', 'Sunday')], 'help_text': 'The days with these hours.'}), 1: ('wagtail.blocks.TimeBlock', (), {'label': 'Opens at'}), 2: ('wagtail.blocks.TimeBlock', (), {'label': 'Closes at'}), 3: ('wagtail.blocks.StructBlock', [[('days', 0), ('opens', 1), ('closes', 2)]], {})}, help_text='One row per set of days with the same hours.'),
        ),
        migrations.AlterField(
            model_name='practicesettings',
            name='privacy_notice_page',
            field=models.ForeignKey(blank=True, help_text='Linked from the home page, labeled as the HIPAA notice.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailcore.page', verbose_name='HIPAA Notice of Privacy Practices page'),
        ),
        migrations.AlterField(
            model_name='practicesettings',
            name='social_links',
            field=wagtail.fields.StreamField([('link', 2)], blank=True, block_lookup={0: ('wagtail.blocks.CharBlock', (), {'help_text': "The site's name, for example LinkedIn.", 'label': 'Site name', 'max_length': 40}), 1: ('wagtail.blocks.URLBlock', (), {'label': 'Web address'}), 2: ('wagtail.blocks.StructBlock', [[('name', 0), ('url', 1)]], {})}, help_text='Shown as plain links in the footer; nothing is loaded from these sites.'),
        ),
        migrations.AlterField(
            model_name='practicesettings',
            name='tagline',
            field=models.CharField(blank=True, help_text='One line under the name, for example what the practice specializes in.', max_length=160),
        ),
        migrations.AlterField(
            model_name='standardpage',
            name='body',
            field=wagtail.fields.StreamField([('heading', 2), ('paragraph', 3), ('image', 6), ('quote', 9), ('cta', 11)], blank=True, block_lookup={0: ('wagtail.blocks.CharBlock', (), {'help_text': 'A section heading. Keep it short; readers scan these.', 'label': 'Heading text', 'max_length': 120}), 1: ('wagtail.blocks.ChoiceBlock', [], {'choices': [('h2', 'Section (H2)'), ('h3', 'Sub-section (H3)')], 'help_text': 'Use H2 for sections; H3 only inside an H2 section.', 'label': 'Heading level'}), 2: ('wagtail.blocks.StructBlock', [[('text', 0), ('level', 1)]], {}), 3: ('practice_site.content.blocks.ParagraphBlock', (), {}), 4: ('wagtail.images.blocks.ImageBlock', [], {'help_text': 'Describe the image for people who cannot see it, or mark it decorative.'}), 5: ('wagtail.blocks.CharBlock', (), {'max_length': 250, 'required': False}), 6: ('wagtail.blocks.StructBlock', [[('image', 4), ('caption', 5)]], {}), 7: ('wagtail.blocks.TextBlock', (), {'help_text': 'Quote published sources, never patients or clients.', 'label': 'Quotation'}), 8: ('wagtail.blocks.CharBlock', (), {'help_text': 'Who said or wrote it, and where.', 'label': 'Source', 'max_length': 200, 'required': False}), 9: ('wagtail.blocks.StructBlock', [[('text', 7), ('attribution', 8)]], {}), 10: ('wagtail.snippets.blocks.SnippetChooserBlock', ('practice_site.CallToAction',), {'help_text': "Leave empty to show the site's default call to action from Practice settings.", 'required': False}), 11: ('wagtail.blocks.StructBlock', [[('call_to_action', 10)]], {})}),
        ),
        migrations.AlterField(
            model_name='treatmentpage',
            name='insurance_notes',
            field=wagtail.fields.RichTextField(blank=True, help_text='Coverage and prior authorization, in general terms.'),
        ),
        migrations.AlterField(
            model_name='treatmentpage',
            name='references',
            field=wagtail.fields.StreamField([('reference', 2)], blank=True, block_lookup={0: ('wagtail.blocks.CharBlock', (), {'help_text': 'Authors, title, journal or publisher, year. Cite primary sources.', 'max_length': 400}), 1: ('wagtail.blocks.URLBlock', (), {'help_text': 'A link to the source, if it is online.', 'label': 'Web address', 'required': False}), 2: ('wagtail.blocks.StructBlock', [[('citation', 0), ('url', 1)]], {})}, help_text='The sources the clinical statements rest on.'),
        ),
        migrations.AlterField(
            model_name='calltoaction',
            name='link_page',
            field=models.ForeignKey(blank=True, help_text='The page the button opens. Choose a page or enter a web address, not both.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailcore.page', verbose_name='page'),
        ),
        migrations.RunPython(forwards, backwards),
    ]
